using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.Logging;

namespace Connectors.MtnMomo.Tests;

/// <summary>Builds what the hub would hand the connector, and reads fixtures and recorded requests.</summary>
internal static class TestSupport
{
    public const string AccountId = "ca_01JA0MTN0000000000000000";
    public const string ApiUser = "3f2c7a0e-5b1d-4c8e-9a6f-0d4e2b7c1a95";
    public const string ApiKey = "f1db798c98df4bcf83b538175893bbf0";
    public const string SubscriptionKey = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string DisbursementSubscriptionKey = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public static readonly Uri CallbackUrl = new($"https://hub.example.com/v1/callbacks/mtn_momo/{AccountId}");

    public static ConnectorAccount Account(Uri baseUrl, string? targetEnvironment = "mtncameroon",
        string accountId = AccountId)
    {
        var settings = new Dictionary<string, string>();
        if (targetEnvironment is not null)
        {
            settings["targetEnvironment"] = targetEnvironment;
        }

        return new ConnectorAccount
        {
            Id = accountId,
            Environment = ConnectorEnvironment.Sandbox,
            BaseUrl = baseUrl,
            Credentials = new Dictionary<string, string>
            {
                ["apiUser"] = ApiUser,
                ["apiKey"] = ApiKey,
                ["subscriptionKey"] = SubscriptionKey,
                ["disbursementSubscriptionKey"] = DisbursementSubscriptionKey,
            },
            Settings = settings,
        };
    }

    public static ConnectorContext Context(string baseUrl, TimeProvider? clock = null, TimeSpan? timeout = null,
        string? targetEnvironment = "mtncameroon", string accountId = AccountId)
    {
        var uri = new Uri(baseUrl.TrimEnd('/'));
        return new ConnectorContext
        {
            Account = Account(uri, targetEnvironment, accountId),
            CallbackUrl = CallbackUrl,
            HttpClient = new HttpClient { BaseAddress = uri, Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            Clock = clock ?? TimeProvider.System,
            Logger = NullLogger.Instance,
        };
    }

    public static CreatePaymentRequest Payment(long amount = 5000, string currency = "XAF",
        string phone = "+237671234567", string paymentId = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
        string? description = "Order 123", string? reference = null) => new()
    {
        PaymentId = paymentId,
        ProviderReference = reference ?? new MtnMomoConnector().NewProviderReference(paymentId),
        Amount = new Money(amount, Currency.FromCode(currency)),
        Method = PaymentMethod.MobileMoney,
        Country = "CM",
        Payer = new PaymentPayer { Phone = phone },
        Description = description,
    };

    public static PaymentStatusRequest StatusRequest(CreatePaymentRequest payment) => new()
    {
        PaymentId = payment.PaymentId,
        ProviderReference = payment.ProviderReference,
        Amount = payment.Amount,
        Method = payment.Method,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static CallbackRequest Callback(byte[] body, string? reference, string method = "PUT")
    {
        var query = reference is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["ref"] = reference };
        return new CallbackRequest(method, "", query,
            new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body);
    }

    public static string? Header(this ILogEntry entry, string name) =>
        entry.RequestMessage?.Headers?
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value)
            .FirstOrDefault();

    public static string BasicCredentials() =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiUser}:{ApiKey}"));
}
