using System.Text.RegularExpressions;
using Connectors.Abstractions;

namespace Connectors.Conformance;

// What the connector declares: descriptor, capabilities, account schema, references; and what it logs.
public abstract partial class ConnectorConformance<TFixture>
{
    private static readonly Dictionary<string, (ConnectorCapabilities Flag, Type Interface)> CapabilityInterfaces = new(StringComparer.Ordinal)
    {
        ["Refund"] = (ConnectorCapabilities.Refund, typeof(IRefundConnector)),
        ["Payout"] = (ConnectorCapabilities.Payout, typeof(IPayoutConnector)),
        ["Cancel"] = (ConnectorCapabilities.Cancel, typeof(ICancelConnector)),
        ["Capture"] = (ConnectorCapabilities.Capture, typeof(ICaptureConnector)),
        ["AccountHolder"] = (ConnectorCapabilities.AccountHolder, typeof(IAccountHolderConnector)),
    };

    /// <summary>The capabilities that come with an interface.</summary>
    public static TheoryData<string> InterfaceCapabilities => Rows(CapabilityInterfaces.Keys);

    /// <summary>The plug-in builds in a container of its own holding only the clock, logging and its options, every time afresh.</summary>
    [Fact]
    public void Plugin_BuildsInAnIsolatedContainer()
    {
        var again = Fixture.NewConnector();

        Assert.NotSame(Connector, again);
        Assert.Equal(Descriptor.Id, again.Descriptor.Id);
    }

    /// <summary>The descriptor is complete and in the contract's words: id, version, methods, ISO codes, prefixes, limits.</summary>
    [Fact]
    public void Descriptor_IsWellFormed()
    {
        var d = Descriptor;

        Assert.Matches("^[a-z][a-z0-9_]*$", d.Id);
        Assert.False(string.IsNullOrWhiteSpace(d.DisplayName), "a display name");
        Assert.False(string.IsNullOrWhiteSpace(d.Version), "a version");
        Assert.NotEmpty(d.Methods);
        Assert.NotEmpty(d.Currencies);
        Assert.All(d.Currencies, c => Assert.True(Currency.TryFromCode(c, out _), $"{c} is not an ISO 4217 currency the contract knows"));
        Assert.All(d.Countries, c => Assert.Matches("^[A-Z]{2}$", c));
        Assert.All(d.PhonePrefixes, p => Assert.Matches("^[1-9][0-9]{0,7}$", p));
        Assert.All(d.Limits, l => Assert.Contains(l.Currency.Code, d.Currencies));
        Assert.NotNull(d.Account);
    }

    /// <summary>A capability is declared exactly when its interface is implemented (the hub refuses the plug-in otherwise).</summary>
    [Theory]
    [MemberData(nameof(InterfaceCapabilities))]
    public void Capability_DeclaredIfAndOnlyIfImplemented(string capability)
    {
        var (flag, contract) = CapabilityInterfaces[capability];

        Assert.True(Descriptor.Has(flag) == contract.IsInstanceOfType(Connector),
            Descriptor.Has(flag)
                ? $"{Descriptor.Id} declares {flag} but does not implement {contract.Name}"
                : $"{Descriptor.Id} implements {contract.Name} but does not declare {flag}");
    }

    /// <summary>Callbacks and polling, the capabilities without an interface, behave as declared.</summary>
    [SkippableFact]
    public async Task Capability_PollingAnswersAStatus()
    {
        RequireCapability(ConnectorCapabilities.Polling);
        var payment = Request(Fixture.DefaultPayment);
        await CreateAsync(payment);

        var status = await StatusAsync(payment);

        Assert.True(status.Outcome == OperationOutcome.Completed, $"a status query answered {Describe(status)}");
    }

    /// <summary>A declared refund refunds a paid payment.</summary>
    [SkippableFact]
    public async Task Capability_RefundRefundsAPaidPayment()
    {
        RequireCapability(ConnectorCapabilities.Refund);
        var refunds = (IRefundConnector)Connector;
        var (payment, paid) = await PaidPaymentAsync();
        var refundId = NewId("ref");
        var request = new RefundRequest
        {
            RefundId = refundId,
            ProviderReference = Connector.NewProviderReference(refundId),
            PaymentProviderReference = payment.ProviderReference,
            PaymentProviderTransactionId = paid.ProviderTransactionId,
            Amount = payment.Amount,
            PaymentAmount = payment.Amount,
            PayerPhone = payment.Payer.Phone,
            Reason = "Conformance refund",
        };

        var refund = await refunds.RefundAsync(Fixture.Context(), request, CancellationToken.None);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(Fixture.DefaultPaymentPaidAfterSeconds));
        var status = await refunds.GetRefundStatusAsync(Fixture.Context(), new TransferStatusRequest
        {
            Id = refundId,
            ProviderReference = request.ProviderReference,
            ProviderTransactionId = refund.ProviderTransactionId,
            Amount = request.Amount,
            ConnectorData = refund.ConnectorData,
            PaymentProviderReference = payment.ProviderReference,
            PaymentProviderTransactionId = paid.ProviderTransactionId,
        }, CancellationToken.None);

        AssertTransfer(refund, "the refund");
        AssertTransfer(status, "the refund's status");
    }

    /// <summary>A declared payout pays out to the fixture's recipient.</summary>
    [SkippableFact]
    public async Task Capability_PayoutPaysOut()
    {
        RequireCapability(ConnectorCapabilities.Payout);
        var payouts = (IPayoutConnector)Connector;
        var payoutId = NewId("po");
        var amount = Request(Fixture.DefaultPayment).Amount;
        var request = new PayoutRequest
        {
            PayoutId = payoutId,
            ProviderReference = Connector.NewProviderReference(payoutId),
            Amount = amount,
            Method = Descriptor.Methods[0],
            Recipient = Fixture.PayoutRecipient,
            Description = "Conformance payout",
            ExternalId = payoutId,
        };

        var payout = await payouts.CreatePayoutAsync(Fixture.Context(), request, CancellationToken.None);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(Fixture.DefaultPaymentPaidAfterSeconds));
        var status = await payouts.GetPayoutStatusAsync(Fixture.Context(), new TransferStatusRequest
        {
            Id = payoutId,
            ProviderReference = request.ProviderReference,
            ProviderTransactionId = payout.ProviderTransactionId,
            Amount = amount,
            ConnectorData = payout.ConnectorData,
        }, CancellationToken.None);

        AssertTransfer(payout, "the payout");
        AssertTransfer(status, "the payout's status");
        Assert.Single(await Fixture.Simulator.TransactionsForAsync(request.ProviderReference));
    }

    /// <summary>A declared account-holder lookup finds the fixture's active holder.</summary>
    [SkippableFact]
    public async Task Capability_AccountHolderFindsAnActiveHolder()
    {
        RequireCapability(ConnectorCapabilities.AccountHolder);
        Skip.If(Fixture.AccountHolderPhone is null, "the fixture names no account holder");

        var holder = await ((IAccountHolderConnector)Connector).GetAccountHolderAsync(Fixture.Context(),
            new AccountHolderRequest { Phone = Fixture.AccountHolderPhone! }, CancellationToken.None);

        Assert.Equal(OperationOutcome.Completed, holder.Outcome);
        Assert.True(holder.IsActive, $"{Masking.Phone(Fixture.AccountHolderPhone)} is not active");
    }

    /// <summary>A declared cancel cancels a pending payment.</summary>
    [SkippableFact]
    public async Task Capability_CancelCancelsAPendingPayment()
    {
        RequireCapability(ConnectorCapabilities.Cancel);
        var payment = Request(Fixture.DefaultPayment);
        var created = await CreateAsync(payment);

        var canceled = await ((ICancelConnector)Connector).CancelPaymentAsync(Fixture.Context(), new CancelPaymentRequest
        {
            PaymentId = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            ProviderTransactionId = created.ProviderTransactionId,
            PaymentAmount = payment.Amount,
            Status = created.Status ?? PaymentStatus.Pending,
            ConnectorData = created.ConnectorData,
        }, CancellationToken.None);

        AssertResult(Expect.Is(PaymentStatus.Canceled), canceled, "cancelling a pending payment");
    }

    /// <summary>A declared capture captures an authorization.</summary>
    [SkippableFact]
    public async Task Capability_CaptureCapturesAnAuthorization()
    {
        RequireCapability(ConnectorCapabilities.Capture);
        Skip.If(Fixture.AuthorizeOnlyPayment is null, "the fixture declares no authorize-only payment");
        var payment = Request(Fixture.AuthorizeOnlyPayment!);
        var authorized = await CreateAsync(payment);
        AssertResult(Expect.Is(PaymentStatus.Authorized), authorized, "the authorize-only payment");

        var captured = await ((ICaptureConnector)Connector).CapturePaymentAsync(Fixture.Context(), new CapturePaymentRequest
        {
            PaymentId = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            ProviderTransactionId = authorized.ProviderTransactionId,
            PaymentAmount = payment.Amount,
            Amount = payment.Amount,
            Status = PaymentStatus.Authorized,
            ConnectorData = authorized.ConnectorData,
        }, CancellationToken.None);

        AssertResult(Expect.Paid, captured, "capturing the authorization");
    }

    /// <summary>The same hub id always gets the same provider reference, in any connector instance.</summary>
    [Fact]
    public void ProviderReference_SameIdSameReference()
    {
        var id = NewId();

        var first = Connector.NewProviderReference(id);

        Assert.False(string.IsNullOrWhiteSpace(first));
        Assert.Equal(first, Connector.NewProviderReference(id));
        Assert.Equal(first, Fixture.NewConnector().NewProviderReference(id));
    }

    /// <summary>Different hub ids get different references (payments, refunds and payouts alike).</summary>
    [Fact]
    public void ProviderReference_DifferentIdsDifferentReferences()
    {
        string[] prefixes = ["pay", "ref", "po"];
        var ids = Enumerable.Range(0, 300).Select(i => NewId(prefixes[i % 3])).ToList();

        var references = ids.Select(Connector.NewProviderReference).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ids.Count, references.Count);
    }

    /// <summary>References have the form the provider requires (MTN: a UUID v4).</summary>
    [SkippableFact]
    public void ProviderReference_HasTheProviderFormat()
    {
        Skip.If(Fixture.ProviderReferenceFormat is null, "the fixture declares no reference format");

        Assert.All(Enumerable.Range(0, 50).Select(_ => Connector.NewProviderReference(NewId())),
            r => Assert.Matches(Fixture.ProviderReferenceFormat!, r));
    }

    /// <summary>An account built from the schema's examples and defaults alone is valid, for the schema and the connector.</summary>
    [Fact]
    public void AccountSchema_ExamplesValidate()
    {
        var account = Fixture.DefaultAccount(Descriptor, withOverrides: false);

        Assert.Empty(Descriptor.Account.Validate(account.Credentials, account.Settings));
        Assert.Empty(Connector.ValidateAccount(account));
        Assert.Empty(Connector.ValidateAccount(Fixture.Account));
    }

    /// <summary>Every field is named, described, unique, and its example or default is one of its allowed values.</summary>
    [Fact]
    public void AccountSchema_DescribesEveryField()
    {
        var fields = Descriptor.Account.Credentials.Concat(Descriptor.Account.Settings).ToList();

        Assert.All(fields, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Name), "a field needs a name");
            Assert.False(string.IsNullOrWhiteSpace(f.Description), $"{f.Name} needs a description");
            Assert.True(!f.Required || f.Example is not null || f.Default is not null,
                $"required {f.Name} has no example or default: demo accounts and this suite cannot fill it");
            foreach (var value in new[] { f.Example, f.Default }.OfType<string>())
            {
                Assert.True(f.AllowedValues.Count == 0 || f.AllowedValues.Contains(value), $"{f.Name}'s '{value}' is not an allowed value");
            }
        });
        Assert.Equal(fields.Count, fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Each required credential or setting missing is one error naming it; the connector does not throw on it.</summary>
    [SkippableFact]
    public void AccountSchema_MissingRequiredFieldIsNamed()
    {
        var required = Descriptor.Account.Credentials.Where(f => f.Required && f.Default is null).Select(f => ("credentials", f.Name))
            .Concat(Descriptor.Account.Settings.Where(f => f.Required && f.Default is null).Select(f => ("settings", f.Name)))
            .ToList();
        Skip.If(required.Count == 0, $"{Descriptor.Id}'s accounts need no field");
        var account = Fixture.DefaultAccount(Descriptor, withOverrides: false);

        foreach (var (section, name) in required)
        {
            var credentials = account.Credentials.Where(c => section != "credentials" || c.Key != name).ToDictionary();
            var settings = account.Settings.Where(c => section != "settings" || c.Key != name).ToDictionary();

            var errors = Descriptor.Account.Validate(credentials, settings);
            var beyond = Connector.ValidateAccount(account with { Credentials = credentials, Settings = settings });

            Assert.Contains(errors, e => e.Field == $"{section}.{name}");
            Assert.All(errors, e => Assert.Equal($"{section}.{name}", e.Field));
            Assert.NotNull(beyond);
        }
    }

    /// <summary>A value outside a field's allowed values is an error naming the field.</summary>
    [SkippableFact]
    public void AccountSchema_ValueOutsideAllowedValuesIsNamed()
    {
        var constrained = Descriptor.Account.Credentials.Where(f => f.AllowedValues.Count > 0).Select(f => ("credentials", f.Name))
            .Concat(Descriptor.Account.Settings.Where(f => f.AllowedValues.Count > 0).Select(f => ("settings", f.Name)))
            .ToList();
        Skip.If(constrained.Count == 0, $"no field of {Descriptor.Id}'s account has allowed values");
        var account = Fixture.DefaultAccount(Descriptor, withOverrides: false);

        foreach (var (section, name) in constrained)
        {
            var credentials = new Dictionary<string, string>(account.Credentials);
            var settings = new Dictionary<string, string>(account.Settings);
            (section == "credentials" ? credentials : settings)[name] = "conformance-not-an-allowed-value";

            var errors = Descriptor.Account.Validate(credentials, settings);

            var error = Assert.Single(errors);
            Assert.Equal($"{section}.{name}", error.Field);
        }
    }

    /// <summary>
    /// No credential, full phone number or card number reaches the logs, the results' details or failure messages,
    /// across a payment, its status, a callback, a refused call and a transport failure.
    /// </summary>
    [Fact]
    public async Task Logs_HoldNoSecretPhoneOrCardNumber()
    {
        var texts = new List<string>();
        void Note(PaymentResult r) => texts.AddRange(new[] { r.Detail, r.Failure?.Message }.OfType<string>());

        var payment = Request(Fixture.DefaultPayment);
        Note(await CreateAsync(payment));
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(Fixture.DefaultPaymentPaidAfterSeconds));
        Note(await StatusAsync(payment));
        if (Descriptor.Has(ConnectorCapabilities.Callbacks))
        {
            var callback = await Fixture.GenuineCallbackAsync(ObjectOf(payment), Fixture.Context());
            Connector.ReadCallback(callback);
            var verification = await VerifyAsync(callback, ObjectOf(payment));
            if (verification is CallbackVerification.Rejected rejected)
            {
                texts.Add(rejected.Detail);
            }
        }

        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "500", method: Fixture.Paths.CreatePaymentMethod);
        Note(await CreateAsync(Request(Fixture.DefaultPayment)));
        var refused = Fixture.Account with { BaseUrl = new Uri($"http://127.0.0.1:{Fixture.ClosedPort}") };
        Note(await CreateAsync(Request(Fixture.DefaultPayment), Fixture.NewConnector(), Fixture.Context(refused)));

        var all = Fixture.Logs.Lines.Concat(texts).ToList();
        foreach (var (name, secret) in Fixture.Account.Credentials.Where(c => c.Value.Length >= 6))
        {
            Assert.DoesNotContain(all, line => line.Contains(secret, StringComparison.Ordinal) && Reveal(line, $"credential {name}"));
        }

        foreach (var phone in new[] { Fixture.DefaultPayment.Phone }.OfType<string>())
        {
            var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
            foreach (var form in new[] { digits, digits.Length > 9 ? digits[^9..] : digits }.Distinct())
            {
                Assert.DoesNotContain(all, line => line.Contains(form, StringComparison.Ordinal) && Reveal(line, "the payer's phone"));
            }
        }

        foreach (var card in new[] { Fixture.DefaultPayment.Card?.Number }.OfType<string>())
        {
            Assert.DoesNotContain(all, line => line.Contains(card, StringComparison.Ordinal) && Reveal(line, "the card number"));
        }
    }

    private static bool Reveal(string line, string what)
    {
        // Assert.DoesNotContain prints no reason: say which secret leaked, masked, in the output.
        Console.Error.WriteLine($"conformance: {what} appears in: {Regex.Replace(line, "[0-9A-Za-z]{6,}", m => Masking.Secret(m.Value))}");
        return true;
    }

    private static void AssertTransfer(TransferResult result, string what)
    {
        Assert.True(result.Outcome == OperationOutcome.Completed && result.Status is not TransferStatus.Failed,
            $"{what}: {result.Outcome} {result.Status} {result.ProviderStatus} {result.Failure?.Code} {result.Failure?.ProviderCode} {result.Detail}");
    }
}
