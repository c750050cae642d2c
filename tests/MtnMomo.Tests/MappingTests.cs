using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.MtnMomo.Tests;

public sealed class MappingTests
{
    [Theory]
    [InlineData(5000, "XAF", "5000")]
    [InlineData(1002, "RWF", "1002")]
    [InlineData(1010, "EUR", "10.10")]
    [InlineData(5, "EUR", "0.05")]
    public void ToRequestToPay_Amount_IsMajorUnitText(long minor, string currency, string expected)
    {
        var body = MtnMomoMapping.ToRequestToPay(TestSupport.Payment(minor, currency), "237671234567");

        Assert.Equal(expected, body.Amount);
        Assert.Equal(currency, body.Currency);
    }

    [Fact]
    public void ToRequestToPay_Body_HasMtnFieldsAndNoReference()
    {
        var payment = TestSupport.Payment();

        var json = JsonSerializer.Serialize(MtnMomoMapping.ToRequestToPay(payment, "237671234567"),
            MtnMomoJsonContext.Default.MtnMomoRequestToPayRequest);

        Assert.Equal("""{"amount":"5000","currency":"XAF","externalId":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"Order 123","payeeNote":"Order 123"}""", json);
        Assert.DoesNotContain(payment.ProviderReference, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+237671234567", "237671234567")]
    [InlineData("+250788123456", "250788123456")]
    [InlineData("237671234567", null)]
    [InlineData("+2376712x4567", null)]
    [InlineData("+", null)]
    [InlineData(null, null)]
    public void ToMsisdn_E164_DigitsWithoutPlus(string? phone, string? expected) =>
        Assert.Equal(expected, MtnMomoMapping.ToMsisdn(phone));

    [Fact]
    public void ToMessage_Ampersand_Replaced()
    {
        var message = MtnMomoMapping.ToMessage("Fish & chips & co");

        Assert.Equal("Fish and chips and co", message);
        Assert.DoesNotContain('&', message!);
    }

    [Fact]
    public void ToMessage_Long_CutAt160()
    {
        var message = MtnMomoMapping.ToMessage(new string('a', 159) + "&&&");

        Assert.Equal(160, message!.Length);
        Assert.EndsWith("aa", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessage_SurrogatePairAtCut_NotSplit()
    {
        var message = MtnMomoMapping.ToMessage(new string('a', 159) + "😀");

        Assert.Equal(159, message!.Length);
    }

    [Fact]
    public void ToRequestToPay_NoDescription_UsesPaymentId()
    {
        var body = MtnMomoMapping.ToRequestToPay(TestSupport.Payment(description: "  "), "237671234567");

        Assert.Equal("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", body.PayerMessage);
        Assert.Equal("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", body.PayeeNote);
        Assert.Equal("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", body.ExternalId);
    }

    [Theory]
    [InlineData("https://hub.example.com/v1/callbacks/mtn_momo/ca_1", "https://hub.example.com/v1/callbacks/mtn_momo/ca_1?ref=6949e730-a9d4-4d8e-91f4-e5051b250be8")]
    [InlineData("https://hub.example.com/cb?x=1", "https://hub.example.com/cb?x=1&ref=6949e730-a9d4-4d8e-91f4-e5051b250be8")]
    public void ToCallbackUrl_AddsRef(string callbackUrl, string expected) =>
        Assert.Equal(expected, MtnMomoMapping.ToCallbackUrl(new Uri(callbackUrl), "6949e730-a9d4-4d8e-91f4-e5051b250be8"));

    [Fact]
    public void NewProviderReference_KnownVector()
    {
        // python3: uuid from sha256(b"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C")[:16] with b[6]=(b[6]&0x0f)|0x40, b[8]=(b[8]&0x3f)|0x80
        Assert.Equal("6949e730-a9d4-4d8e-91f4-e5051b250be8",
            new MtnMomoConnector().NewProviderReference("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"));
    }

    [Fact]
    public void NewProviderReference_SameId_SameReferenceAcrossInstances() =>
        Assert.Equal(new MtnMomoConnector().NewProviderReference("pay_A"), new MtnMomoConnector().NewProviderReference("pay_A"));

    [Theory]
    [InlineData("pay_A")]
    [InlineData("ref_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C")]
    [InlineData("po_é")]
    public void NewProviderReference_IsUuidV4RfcVariantInDFormat(string id)
    {
        var reference = new MtnMomoConnector().NewProviderReference(id);

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", reference);
        var guid = Guid.ParseExact(reference, "D");
        Assert.Equal(4, guid.Version);
        Assert.Equal(0b10, guid.Variant >> 2);
    }

    [Fact]
    public void NewProviderReference_DifferentIds_DifferentReferences()
    {
        var connector = new MtnMomoConnector();
        var references = Enumerable.Range(0, 1000).Select(i => connector.NewProviderReference($"pay_{i}")).ToHashSet();

        Assert.Equal(1000, references.Count);
    }

    [Fact]
    public void AccountSchema_MissingCredentials_NamesEachField()
    {
        var account = TestSupport.Account(new Uri("http://localhost")) with
        {
            Credentials = new Dictionary<string, string> { ["apiUser"] = " " },
            Settings = new Dictionary<string, string> { ["targetEnvironment"] = "MTN Cameroon" },
        };

        var errors = new MtnMomoConnector().Descriptor.Account.Validate(account.Credentials, account.Settings);

        Assert.Equal(["credentials.apiUser", "credentials.apiKey", "credentials.subscriptionKey", "settings.targetEnvironment"],
            errors.Select(e => e.Field));
        Assert.All(errors.Take(3), e => Assert.StartsWith("is required", e.Message, StringComparison.Ordinal));
        Assert.Empty(new MtnMomoConnector().ValidateAccount(account));
        Assert.Throws<InvalidOperationException>(() => MtnMomoOptions.From(account));
    }

    [Fact]
    public void AccountSchema_Valid_NoErrorsAndDefaultsToSandbox()
    {
        var account = TestSupport.Account(new Uri("http://localhost"), targetEnvironment: null);

        Assert.Empty(new MtnMomoConnector().Descriptor.Account.Validate(account.Credentials, account.Settings));
        var options = MtnMomoOptions.From(account);
        Assert.Equal("sandbox", options.TargetEnvironment);
        Assert.DoesNotContain(TestSupport.ApiKey, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Disbursement_DefaultsToTheCollectionUserAndNeedsItsOwnKey()
    {
        var account = TestSupport.Account(new Uri("http://localhost"));
        var bare = account with
        {
            Credentials = account.Credentials.Where(c => c.Key != "disbursementSubscriptionKey").ToDictionary(),
        };

        var options = MtnMomoOptions.From(account);
        Assert.Equal(TestSupport.DisbursementSubscriptionKey, options.DisbursementSubscriptionKey);
        Assert.Equal(TestSupport.ApiUser, options.DisbursementApiUser);
        Assert.Equal(TestSupport.ApiKey, options.DisbursementApiKey);
        Assert.Null(MtnMomoOptions.From(bare).DisbursementSubscriptionKey);
        Assert.DoesNotContain(TestSupport.DisbursementSubscriptionKey, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Disbursement_SeparateUserNeedsBothUserAndKey()
    {
        var account = TestSupport.Account(new Uri("http://localhost"));
        var both = account with
        {
            Credentials = new Dictionary<string, string>(account.Credentials)
            {
                ["disbursementApiUser"] = "7d1c3b2a-0f9e-4d8c-b7a6-5e4d3c2b1a09",
                ["disbursementApiKey"] = "00112233445566778899aabbccddeeff",
            },
        };
        var userOnly = account with
        {
            Credentials = new Dictionary<string, string>(account.Credentials) { ["disbursementApiUser"] = "u" },
        };
        var keyOnly = account with
        {
            Credentials = new Dictionary<string, string>(account.Credentials) { ["disbursementApiKey"] = "k" },
        };
        var connector = new MtnMomoConnector();

        Assert.Empty(connector.ValidateAccount(both));
        Assert.Equal("7d1c3b2a-0f9e-4d8c-b7a6-5e4d3c2b1a09", MtnMomoOptions.From(both).DisbursementApiUser);
        Assert.Equal("00112233445566778899aabbccddeeff", MtnMomoOptions.From(both).DisbursementApiKey);
        Assert.Equal("credentials.disbursementApiKey", Assert.Single(connector.ValidateAccount(userOnly)).Field);
        Assert.Equal("credentials.disbursementApiUser", Assert.Single(connector.ValidateAccount(keyOnly)).Field);
    }

    [Theory]
    [InlineData("PENDING", TransferStatus.Pending)]
    [InlineData("SUCCESSFUL", TransferStatus.Completed)]
    [InlineData("FAILED", TransferStatus.Failed)]
    public void TransferStatus_PerSection33(string status, TransferStatus expected) =>
        Assert.Equal(expected, MtnMomoStatusMap.ToTransferStatus(status));

    [Fact]
    public void TransferStatus_Undocumented_Throws() =>
        Assert.Throws<UnknownProviderStatusException>(() => MtnMomoStatusMap.ToTransferStatus("ONGOING"));

    [Fact]
    public void TransferResult_FailedExpired_IsFailedWithTheExpiredCode()
    {
        var result = MtnMomoMapping.ToTransferResult(new MtnMomoRequestToPayStatus
        {
            Status = "FAILED",
            Reason = new MtnMomoReason("EXPIRED", null),
        });

        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Equal(FailureCode.Expired, result.Failure!.Code);
        Assert.Equal("EXPIRED", result.Failure.ProviderCode);
    }

    [Fact]
    public void TransferAndRefundBodies_InMtnWords()
    {
        var payout = new PayoutRequest
        {
            PayoutId = "po_1",
            ProviderReference = "r",
            Amount = new Money(2000, Currency.FromCode("XAF")),
            Method = PaymentMethod.MobileMoney,
            Recipient = new PayoutRecipient { Phone = "+237671234567" },
            Description = "Rent & fees",
        };
        var refund = new RefundRequest
        {
            RefundId = "ref_1",
            ProviderReference = "r2",
            PaymentProviderReference = "6949e730-a9d4-4d8e-91f4-e5051b250be8",
            Amount = new Money(400, Currency.FromCode("XAF")),
            PaymentAmount = new Money(1000, Currency.FromCode("XAF")),
        };

        Assert.Equal("""{"amount":"2000","currency":"XAF","externalId":"po_1","payee":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"Rent and fees","payeeNote":"Rent and fees"}""",
            System.Text.Json.JsonSerializer.Serialize(MtnMomoMapping.ToTransfer(payout, "237671234567"),
                MtnMomoJsonContext.Default.MtnMomoTransferRequest));
        Assert.Equal("""{"amount":"400","currency":"XAF","externalId":"ref_1","payerMessage":"ref_1","payeeNote":"ref_1","referenceIdToRefund":"6949e730-a9d4-4d8e-91f4-e5051b250be8"}""",
            System.Text.Json.JsonSerializer.Serialize(MtnMomoMapping.ToRefund(refund), MtnMomoJsonContext.Default.MtnMomoRefundRequest));
        Assert.Equal("https://hub.example.com/cb?ref=abc&subject=payout",
            MtnMomoMapping.ToCallbackUrl(new Uri("https://hub.example.com/cb"), "abc", CallbackSubject.Payout));
        Assert.Equal("https://hub.example.com/cb?ref=abc&subject=refund",
            MtnMomoMapping.ToCallbackUrl(new Uri("https://hub.example.com/cb"), "abc", CallbackSubject.Refund));
    }

    [Fact]
    public void AccountSchema_DeclaresMtnCredentialsWithSandboxExamplesAndTargetEnvironments()
    {
        var schema = new MtnMomoConnector().Descriptor.Account;

        Assert.Equal(["apiUser", "apiKey", "subscriptionKey", "disbursementSubscriptionKey", "disbursementApiUser",
            "disbursementApiKey"], schema.Credentials.Select(c => c.Name));
        Assert.All(schema.Credentials.Take(3), c => Assert.True(c.Required && !string.IsNullOrEmpty(c.Example)));
        Assert.All(schema.Credentials.Skip(3), c => Assert.False(c.Required));
        // Seeded and conformance accounts get a disbursement key from the example; a separate user has none.
        Assert.False(string.IsNullOrEmpty(schema.Credentials[3].Example));
        var environment = Assert.Single(schema.Settings);
        Assert.Equal("targetEnvironment", environment.Name);
        Assert.Equal("sandbox", environment.Default);
        Assert.False(environment.Required);
        Assert.Contains("mtncameroon", environment.AllowedValues);
        Assert.Contains("mtnrwanda", environment.AllowedValues);
        Assert.Equal(ClientCertificateUse.None, schema.ClientCertificate);
        Assert.True(schema.BaseUrlRequired);
    }

    [Fact]
    public void Descriptor_DeclaresMtnRoutes()
    {
        var descriptor = new MtnMomoConnector().Descriptor;

        Assert.Equal("mtn_momo", descriptor.Id);
        Assert.Equal(ConnectorCapabilities.Refund | ConnectorCapabilities.PartialRefund | ConnectorCapabilities.Payout
            | ConnectorCapabilities.AccountHolder | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
            descriptor.Capabilities);
        Assert.False(descriptor.Has(ConnectorCapabilities.Cancel));
        Assert.Equal(CallbackTrust.Unsigned, descriptor.CallbackTrust);
        Assert.Equal(["XAF", "RWF", "EUR"], descriptor.Currencies);
        Assert.Empty(descriptor.Limits);
        Assert.Equal(["23767", "237650", "237651", "237652", "237653", "237654", "237680", "25078", "25079"],
            descriptor.PhonePrefixes);
    }

    [Fact]
    public void Plugin_RegistersTheConnector()
    {
        var services = new ServiceList();

        new MtnMomoPlugin().ConfigureServices(services);

        var registration = Assert.Single(services);
        Assert.Equal(typeof(IConnector), registration.ServiceType);
        Assert.Equal(typeof(MtnMomoConnector), registration.ImplementationType);
    }

    private sealed class ServiceList : List<Microsoft.Extensions.DependencyInjection.ServiceDescriptor>,
        Microsoft.Extensions.DependencyInjection.IServiceCollection;
}
