using System.Collections.Concurrent;
using Connectors.Abstractions;

namespace Connectors.Conformance;

/// <summary>
/// The conformance suite: every check a connector must pass, run against its own simulator as
/// <typeparamref name="TFixture"/> declares it. Derive a test class named <c>…ConformanceTests</c> (so
/// <c>--filter "FullyQualifiedName~Conformance"</c> selects it) and add nothing: every test is inherited. A check
/// the connector's declared capabilities make irrelevant is skipped with the reason.
/// </summary>
/// <typeparam name="TFixture">The connector's declarations.</typeparam>
public abstract partial class ConnectorConformance<TFixture> : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ConformanceFixture, new()
{
    /// <summary>The row a theory gets when the fixture declares nothing for it (skipped).</summary>
    protected const string NoneDeclared = "(none declared)";

    // What the hub would have stored per object: the connector data of the last result or save.
    private readonly ConcurrentDictionary<string, string> _connectorData = new(StringComparer.Ordinal);

    /// <summary>Takes the fixture xunit shares across the class.</summary>
    protected ConnectorConformance(TFixture fixture)
    {
        Fixture = fixture;
    }

    /// <summary>The started fixture.</summary>
    protected TFixture Fixture { get; }

    /// <summary>The connector under test.</summary>
    protected IConnector Connector => Fixture.Connector;

    /// <summary>Its descriptor.</summary>
    protected ConnectorDescriptor Descriptor => Fixture.Connector.Descriptor;

    /// <summary>Every test starts on a simulator without transactions, overrides or faults, and with no logs.</summary>
    public virtual async Task InitializeAsync()
    {
        await Fixture.Simulator.ResetAsync();
        Fixture.Logs.Clear();
    }

    /// <summary>Leaves no fault behind.</summary>
    public virtual async Task DisposeAsync() => await Fixture.Simulator.ClearFaultsAsync();

    // ----- Helpers -----

    /// <summary>A fresh hub id: the prefix ("pay", "ref", "po"), "_" and 26 upper-case letters and digits.</summary>
    protected static string NewId(string prefix = "pay") => $"{prefix}_{Guid.NewGuid().ToString("N")[..26].ToUpperInvariant()}";

    /// <summary>The request the hub would send for <paramref name="spec"/>, with a fresh id unless given.</summary>
    protected CreatePaymentRequest Request(PaymentSpec spec, string? paymentId = null)
    {
        var id = paymentId ?? NewId();
        return spec.ToRequest(id, Connector.NewProviderReference(id), Descriptor.Methods[0]);
    }

    /// <summary>Creates a payment as the hub does, keeping the connector data it returns or saves.</summary>
    protected async Task<PaymentResult> CreateAsync(CreatePaymentRequest request, IConnector? connector = null,
        ConnectorContext? context = null, CancellationToken ct = default)
    {
        request = request with { ConnectorData = _connectorData.GetValueOrDefault(request.PaymentId) };
        context ??= Fixture.Context(saveData: SaverFor(request.PaymentId));
        var result = await (connector ?? Connector).CreatePaymentAsync(context, request, ct);
        Keep(request.PaymentId, result.ConnectorData);
        return result;
    }

    /// <summary>Asks the payment's status as the hub does, with the connector data stored for it.</summary>
    protected async Task<PaymentResult> StatusAsync(CreatePaymentRequest payment, ConnectorContext? context = null,
        CancellationToken ct = default)
    {
        var result = await Connector.GetPaymentStatusAsync(context ?? Fixture.Context(), StatusRequest(payment), ct);
        Keep(payment.PaymentId, result.ConnectorData);
        return result;
    }

    /// <summary>The status request for a created payment.</summary>
    protected PaymentStatusRequest StatusRequest(CreatePaymentRequest payment) => new()
    {
        PaymentId = payment.PaymentId,
        ProviderReference = payment.ProviderReference,
        Amount = payment.Amount,
        Method = payment.Method,
        CreatedAt = Fixture.Clock.GetUtcNow(),
        ConnectorData = _connectorData.GetValueOrDefault(payment.PaymentId),
    };

    /// <summary>The object the hub would hand to callback verification.</summary>
    protected CallbackObject ObjectOf(CreatePaymentRequest payment, Money? amount = null, string? transactionId = null) => new()
    {
        Subject = CallbackSubject.Payment,
        Id = payment.PaymentId,
        ProviderReference = payment.ProviderReference,
        ProviderTransactionId = transactionId,
        Amount = amount ?? payment.Amount,
        ConnectorData = _connectorData.GetValueOrDefault(payment.PaymentId),
    };

    /// <summary>Creates the default payment and lets it be paid; returns the request and the paid status.</summary>
    protected async Task<(CreatePaymentRequest Payment, PaymentResult Paid)> PaidPaymentAsync()
    {
        var payment = Request(Fixture.DefaultPayment);
        var created = await CreateAsync(payment);
        Assert.True(created.Outcome == OperationOutcome.Completed && created.Status is not PaymentStatus.Failed,
            $"the default payment {Fixture.DefaultPayment} was not accepted: {Describe(created)}");
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(Fixture.DefaultPaymentPaidAfterSeconds));
        var paid = await StatusAsync(payment);
        Assert.True(paid.Status == PaymentStatus.Paid,
            $"the default payment was not paid after {Fixture.DefaultPaymentPaidAfterSeconds} s: {Describe(paid)}");
        return (payment, paid);
    }

    /// <summary>Asserts <paramref name="result"/> is what <paramref name="expected"/> says.</summary>
    protected static void AssertResult(Expect expected, PaymentResult result, string what)
    {
        var mismatch = expected.Mismatch(result);
        Assert.True(mismatch is null, $"{what}: {mismatch}");
        if (result.Failure is { } failure)
        {
            Assert.False(string.IsNullOrWhiteSpace(failure.Message), $"{what}: a failure needs a message");
        }
    }

    /// <summary>A result in one line, for assertion messages.</summary>
    protected static string Describe(PaymentResult result) =>
        $"{result.Outcome} {result.Status?.ToApiString()} {result.ProviderStatus} {result.Failure?.Code.ToApiString()} " +
        $"{result.Failure?.ProviderCode} {result.Detail}".TrimEnd();

    /// <summary>Skips unless the connector declares <paramref name="capability"/> and the fixture exercises it.</summary>
    protected void RequireCapability(ConnectorCapabilities capability)
    {
        Skip.IfNot(Descriptor.Has(capability), $"{Descriptor.Id} does not declare {capability}");
        Skip.IfNot((Fixture.Exercise & capability) == capability, $"the fixture does not exercise {capability}");
    }

    /// <summary>Skips unless the provider has a token endpoint.</summary>
    protected string RequireTokenPath()
    {
        Skip.If(Fixture.Paths.Token is null, $"{Descriptor.Id} has no token endpoint (the fixture's Paths.Token is null)");
        return Fixture.Paths.Token!;
    }

    /// <summary>Theory rows, or one skipped row when there are none.</summary>
    protected static TheoryData<string> Rows(IEnumerable<string> names)
    {
        var rows = new TheoryData<string>();
        foreach (var name in names)
        {
            rows.Add(name);
        }

        if (rows.Count == 0)
        {
            rows.Add(NoneDeclared);
        }

        return rows;
    }

    private Func<string, CancellationToken, Task> SaverFor(string objectId) => (data, _) =>
    {
        Assert.True(ConnectorDataLimits.Fits(data), $"SaveDataAsync got {data.Length} characters, more than {ConnectorDataLimits.MaxLength}");
        _connectorData[objectId] = data;
        return Task.CompletedTask;
    };

    private void Keep(string objectId, string? data)
    {
        if (data is not null)
        {
            Assert.True(ConnectorDataLimits.Fits(data), $"connector data of {data.Length} characters is more than {ConnectorDataLimits.MaxLength}");
            _connectorData[objectId] = data;
        }
    }
}
