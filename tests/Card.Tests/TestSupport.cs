using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.Card.Tests;

/// <summary>Builds what the hub would hand the connector.</summary>
internal static class TestSupport
{
    public const string AccountId = "ca_01JA0CARD0000000000000000";
    public const string MerchantId = "4f6a1c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b";
    public const string MerchantKey = "SANDBOXCARDDEMOKEY0000000000000000000001";
    public const string VisaNumber = "4235647728025682";
    public static readonly Uri CallbackUrl = new($"https://hub.example.com/v1/callbacks/card/{AccountId}");

    public static PaymentCard Visa => new() { Number = VisaNumber, ExpMonth = 1, ExpYear = 2035, Cvc = "123", HolderName = "ADA N" };

    public static ConnectorAccount Account(Uri baseUrl, string merchantKey = MerchantKey, string? notificationHeaders = null,
        string? queryBaseUrl = null)
    {
        var credentials = new Dictionary<string, string> { ["merchantId"] = MerchantId, ["merchantKey"] = merchantKey };
        if (notificationHeaders is not null)
        {
            credentials["notificationHeaders"] = notificationHeaders;
        }

        var settings = new Dictionary<string, string>();
        if (queryBaseUrl is not null)
        {
            settings["queryBaseUrl"] = queryBaseUrl;
        }

        return new ConnectorAccount
        {
            Id = AccountId,
            Environment = ConnectorEnvironment.Sandbox,
            BaseUrl = baseUrl,
            Credentials = credentials,
            Settings = settings,
        };
    }

    public static ConnectorContext Context(string baseUrl, TimeProvider clock, ConnectorAccount? account = null,
        TimeSpan? timeout = null, Func<string, CancellationToken, Task>? save = null, ILogger? logger = null)
    {
        var uri = new Uri(baseUrl.TrimEnd('/'));
        return new ConnectorContext
        {
            Account = account ?? Account(uri),
            CallbackUrl = CallbackUrl,
            HttpClient = new HttpClient { BaseAddress = uri, Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            Clock = clock,
            Logger = logger ?? NullLogger.Instance,
            SaveDataAsync = save ?? ((_, _) => Task.CompletedTask),
        };
    }

    public static CreatePaymentRequest Payment(long amount = 1000, string? document = "95643732041", bool capture = true,
        PaymentCard? card = null, string currency = "BRL", string? name = "Ada N", string? paymentId = null,
        bool threeDSecure = false, string? connectorData = null)
    {
        var id = paymentId ?? "pay_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        return new CreatePaymentRequest
        {
            PaymentId = id,
            ProviderReference = new CardConnector().NewProviderReference(id),
            Amount = new Money(amount, Currency.FromCode(currency)),
            Method = PaymentMethod.Card,
            Country = "BR",
            Payer = new PaymentPayer { Name = name, DocumentType = "cpf", DocumentNumber = document, Email = "ada@example.com.br" },
            Card = card ?? Visa,
            Capture = capture,
            ThreeDSecure = threeDSecure,
            ReturnUrl = threeDSecure ? new Uri("https://shop.example.com/return") : null,
            ConnectorData = connectorData,
        };
    }

    public static PaymentStatusRequest StatusRequest(CreatePaymentRequest payment, PaymentResult? last = null) => new()
    {
        PaymentId = payment.PaymentId,
        ProviderReference = payment.ProviderReference,
        Amount = payment.Amount,
        Method = payment.Method,
        CreatedAt = DateTimeOffset.UnixEpoch,
        ConnectorData = last?.ConnectorData,
        ProviderTransactionId = last?.ProviderTransactionId,
    };

    public static CallbackRequest Notification(string body, IReadOnlyDictionary<string, string>? headers = null, string method = "POST")
    {
        var all = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return new CallbackRequest(method, "", [], all, Encoding.UTF8.GetBytes(body));
    }
}
