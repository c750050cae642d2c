using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.Logging;

namespace Connectors.OrangeMoney.Tests;

/// <summary>Builds what the hub would hand the connector, and reads recorded requests.</summary>
internal static class TestSupport
{
    public const string AccountId = "ca_01JA0ORANGE00000000000000";
    public const string ConsumerKey = "ZpS8dUqZ3bUgnTq0t4vd0bEkRUka";
    public const string ConsumerSecret = "Ut7qwPfKQ1Yb2gxqk6fhKGOyBzsa";
    public const string ApiUser = "OMSANDBOXUSER";
    public const string ApiPassword = "SandboxPassword2026";
    public const string Pin = "2222";
    public const string ChannelUser = "691234567";
    public const string Payer = "+237699123456";
    public static readonly Uri CallbackUrl = new($"https://hub.example.com/v1/callbacks/orange_money/{AccountId}");

    public static ConnectorAccount Account(Uri baseUrl, string consumerSecret = ConsumerSecret, string apiPassword = ApiPassword) => new()
    {
        Id = AccountId,
        Environment = ConnectorEnvironment.Sandbox,
        BaseUrl = baseUrl,
        Credentials = new Dictionary<string, string>
        {
            ["consumerKey"] = ConsumerKey,
            ["consumerSecret"] = consumerSecret,
            ["apiUser"] = ApiUser,
            ["apiPassword"] = apiPassword,
            ["pin"] = Pin,
        },
        Settings = new Dictionary<string, string> { ["channelUserMsisdn"] = ChannelUser },
    };

    public static ConnectorContext Context(string baseUrl, TimeProvider? clock = null, Uri? callbackUrl = null,
        Func<string, CancellationToken, Task>? saveData = null, ConnectorAccount? account = null)
    {
        var uri = new Uri(baseUrl.TrimEnd('/'));
        return new ConnectorContext
        {
            Account = account ?? Account(uri),
            CallbackUrl = callbackUrl ?? CallbackUrl,
            HttpClient = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(60) },
            Clock = clock ?? TimeProvider.System,
            Logger = NullLogger.Instance,
            SaveDataAsync = saveData ?? ((_, _) => Task.CompletedTask),
        };
    }

    public static CreatePaymentRequest Payment(long amount = 5000, string phone = Payer,
        string paymentId = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", string? description = "Order 123", string? connectorData = null) => new()
    {
        PaymentId = paymentId,
        ProviderReference = paymentId,
        Amount = new Money(amount, Currency.XAF),
        Method = PaymentMethod.MobileMoney,
        Country = "CM",
        Payer = new PaymentPayer { Phone = phone },
        Description = description,
        ConnectorData = connectorData,
    };

    public static PaymentStatusRequest StatusRequest(CreatePaymentRequest payment, string? connectorData) => new()
    {
        PaymentId = payment.PaymentId,
        ProviderReference = payment.ProviderReference,
        Amount = payment.Amount,
        Method = payment.Method,
        CreatedAt = DateTimeOffset.UnixEpoch,
        ConnectorData = connectorData,
    };

    public static CallbackRequest Callback(string body, string? reference, string? subject = null, string method = "POST")
    {
        var query = new Dictionary<string, string>();
        if (reference is not null)
        {
            query["ref"] = reference;
        }

        if (subject is not null)
        {
            query["for"] = subject;
        }

        return new CallbackRequest(method, "", query, new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Encoding.UTF8.GetBytes(body));
    }

    public static CallbackObject PaymentObject(string reference, string? connectorData, long amount = 1002) => new()
    {
        Subject = CallbackSubject.Payment,
        Id = reference,
        ProviderReference = reference,
        Amount = new Money(amount, Currency.XAF),
        ConnectorData = connectorData,
    };

    public static string? Header(this ILogEntry entry, string name) =>
        entry.RequestMessage?.Headers?
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value)
            .FirstOrDefault();

    /// <summary>How many calls the journal holds for a method and a path ending.</summary>
    public static int Calls(this WireMock.Server.WireMockServer server, string method, string pathEnd) =>
        server.LogEntries.Count(e => e.RequestMessage?.Method == method
            && e.RequestMessage.Path.EndsWith(pathEnd, StringComparison.Ordinal));
}
