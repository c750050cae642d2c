using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.Logging;

namespace Connectors.Airtel.Tests;

/// <summary>Builds what the hub would hand the connector, and reads recorded requests.</summary>
internal static class TestSupport
{
    public const string AccountId = "ca_01JA0AIRTEL00000000000000";
    public const string ClientId = "airtel-test-client";
    public const string ClientSecret = "airtel-test-secret-2026";
    public const string CallbackSecret = "airtel_cb_secret_example";
    public const string Pin = "1234";
    public const string Payer = "+250733123456";
    public const string CopaySuccess = "+250733000001";
    public const string CopayFailure = "+250733000002";
    public static readonly Uri CallbackUrl = new($"https://hub.example.com/v1/callbacks/airtel_money/{AccountId}");

    public static ConnectorAccount Account(Uri baseUrl, string clientSecret = ClientSecret, string? callbackSecret = CallbackSecret,
        IReadOnlyDictionary<string, string>? settings = null, ConnectorEnvironment environment = ConnectorEnvironment.Sandbox,
        string? pin = Pin)
    {
        var credentials = new Dictionary<string, string> { ["clientId"] = ClientId, ["clientSecret"] = clientSecret };
        if (callbackSecret is not null)
        {
            credentials["callbackSecret"] = callbackSecret;
        }

        if (pin is not null)
        {
            credentials["disbursementPin"] = pin;
        }

        return new ConnectorAccount
        {
            Id = AccountId,
            Environment = environment,
            BaseUrl = baseUrl,
            Credentials = credentials,
            Settings = settings ?? new Dictionary<string, string> { ["pinEncryptionPublicKey"] = AirtelOptions.ExamplePinPublicKey },
        };
    }

    public static ConnectorContext Context(string baseUrl, TimeProvider? clock = null, ConnectorAccount? account = null)
    {
        var uri = new Uri(baseUrl.TrimEnd('/'));
        return new ConnectorContext
        {
            Account = account ?? Account(uri),
            CallbackUrl = CallbackUrl,
            HttpClient = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(60) },
            Clock = clock ?? TimeProvider.System,
            Logger = NullLogger.Instance,
        };
    }

    public static CreatePaymentRequest Payment(long amount = 5000, string phone = Payer,
        string paymentId = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", string? description = "Order 123") => new()
    {
        PaymentId = paymentId,
        ProviderReference = paymentId,
        Amount = new Money(amount, Currency.RWF),
        Method = PaymentMethod.MobileMoney,
        Country = "RW",
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

    public static CallbackRequest Callback(string body, string method = "POST") =>
        new(method, "", new Dictionary<string, string>(), new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Encoding.UTF8.GetBytes(body));

    public static string? Header(this ILogEntry entry, string name) =>
        entry.RequestMessage?.Headers?
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value)
            .FirstOrDefault();

    /// <summary>How many calls the journal holds for a method and a path start.</summary>
    public static int Calls(this WireMock.Server.WireMockServer server, string method, string pathStart) =>
        server.LogEntries.Count(e => e.RequestMessage?.Method == method
            && e.RequestMessage.Path.StartsWith(pathStart, StringComparison.Ordinal));
}
