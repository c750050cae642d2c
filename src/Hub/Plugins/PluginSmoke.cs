using System.Security.Cryptography;
using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Plugins;

/// <summary>
/// The activation smoke a plug-in passes before it serves: beyond what loading checked (contract version, entry
/// point, declared capabilities against implemented ones), the connector is exercised on the paths every call
/// takes — an account built from its own schema is validated, a provider reference is made, a callback with nothing
/// in it is read — and, where a test endpoint is configured for it (its simulator or the provider's sandbox,
/// <see cref="HubOptions.PluginTestEndpoints"/>), a status query for a payment nobody made is sent to it and must
/// come back as an answer ("not found", a status or a refusal; not an unknown outcome, not "never sent"). A connector that throws there (a dependency missing from its folder, a type it cannot
/// load, a bug) would throw on a merchant's payment: it stays inactive and <c>/v1/connectors</c> says why.
/// </summary>
internal sealed class PluginSmoke(IOptions<HubOptions> options, TimeProvider clock, ILoggerFactory loggers)
{
    private static readonly TimeSpan EndpointBudget = TimeSpan.FromSeconds(10);

    /// <summary>"offline" or "endpoint" when it passed; throws <see cref="PluginLoadException"/> with the failed check.</summary>
    public async Task<string> RunAsync(LoadedConnector loaded, CancellationToken ct)
    {
        var connector = loaded.Connector;
        var d = loaded.Descriptor;
        var endpoint = options.Value.PluginTestEndpoints.GetValueOrDefault(d.Id);
        var account = SmokeAccount(d, endpoint);

        Check(d.Id, "validating an account built from its schema", () => connector.ValidateAccount(account));
        var paymentId = "pay_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(13));
        var reference = Check(d.Id, "making a provider reference", () => connector.NewProviderReference(paymentId));
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new PluginLoadException($"{d.Id} failed its activation smoke: NewProviderReference returned nothing");
        }

        Check(d.Id, "reading an empty callback", () => connector.ReadCallback(new CallbackRequest(
            "POST", $"/v1/callbacks/{d.Id}/ca_smoke", [], [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes("{}"))));

        if (endpoint is null)
        {
            return "offline";
        }

        using var http = new HttpClient { BaseAddress = endpoint, Timeout = EndpointBudget };
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(EndpointBudget);
        var context = new ConnectorContext
        {
            Account = account,
            CallbackUrl = new Uri(options.Value.PublicUrl, $"/v1/callbacks/{d.Id}/ca_smoke"),
            HttpClient = http,
            Clock = clock,
            Logger = loggers.CreateLogger("Hub.Plugins.Smoke"),
        };
        try
        {
            var answer = await connector.GetPaymentStatusAsync(context, new PaymentStatusRequest
            {
                PaymentId = paymentId,
                ProviderReference = reference,
                Amount = new Money(SmokeAmount(d), Currency.FromCode(d.Currencies.Count > 0 ? d.Currencies[0] : "USD")),
                Method = d.Methods.Count > 0 ? d.Methods[0] : PaymentMethod.MobileMoney,
                CreatedAt = clock.GetUtcNow(),
            }, budget.Token);
            if (answer is null || answer.Outcome is OperationOutcome.Unknown or OperationOutcome.NotSent)
            {
                throw new PluginLoadException(
                    $"{d.Id} failed its activation smoke: its test endpoint {endpoint} did not answer a status query ({answer?.Detail ?? "no result"})");
            }
        }
        catch (Exception ex) when (ex is not PluginLoadException and not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            throw new PluginLoadException(
                $"{d.Id} failed its activation smoke: a status query at its test endpoint {endpoint} threw {ex.GetType().Name}: {ex.Message}");
        }

        return "endpoint";
    }

    private static T Check<T>(string id, string what, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PluginLoadException($"{id} failed its activation smoke {what}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The smoke's account: every field from its example or default, secrets made up; sandbox, of course.</summary>
    private static ConnectorAccount SmokeAccount(ConnectorDescriptor d, Uri? endpoint) => new()
    {
        Id = "ca_smoke",
        Environment = ConnectorEnvironment.Sandbox,
        BaseUrl = endpoint ?? new Uri("http://127.0.0.1:9"),
        Credentials = d.Account.Credentials.Where(f => f.Required || (f.Example ?? f.Default) is not null) // an optional one with no example stays unset
            .ToDictionary(f => f.Name,
            f => f.Example ?? f.Default ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), StringComparer.Ordinal),
        Settings = d.Account.Settings.Where(f => (f.Example ?? f.Default) is not null)
            .ToDictionary(f => f.Name, f => (f.Example ?? f.Default)!, StringComparer.Ordinal),
    };

    private static long SmokeAmount(ConnectorDescriptor d) =>
        d.Currencies.Count > 0 && Currency.TryFromCode(d.Currencies[0], out var c) && d.LimitFor(c)?.Min is { } min ? min.Minor : 100;
}
