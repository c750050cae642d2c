using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.IremboPay.Tests;

/// <summary>Builds what the hub would hand the connector.</summary>
internal static class TestSupport
{
    public const string AccountId = "ca_01JA0IREMBO00000000000000";
    public const string SecretKey = "sk_sandbox_irembopay_demo_0001";
    public static readonly Uri CallbackUrl = new($"https://hub.example.com/v1/callbacks/irembopay/{AccountId}");

    public static ConnectorAccount Account(Uri baseUrl, string secretKey = SecretKey, string? callbackSecret = null,
        string phoneFormat = "local", IReadOnlyDictionary<string, string>? extraCredentials = null,
        IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var credentials = new Dictionary<string, string>
        {
            ["secretKey"] = secretKey,
            ["callbackSecret"] = callbackSecret ?? secretKey,
        };
        foreach (var (name, value) in extraCredentials ?? new Dictionary<string, string>())
        {
            credentials[name] = value;
        }

        var settings = new Dictionary<string, string>
        {
            ["paymentAccountIdentifier"] = "TST-RWF",
            ["paymentItemCode"] = "PC-aaf751b73f",
            ["phoneFormat"] = phoneFormat,
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[name] = value;
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
        TimeSpan? timeout = null, Func<string, CancellationToken, Task>? save = null)
    {
        var uri = new Uri(baseUrl.TrimEnd('/'));
        return new ConnectorContext
        {
            Account = account ?? Account(uri),
            CallbackUrl = CallbackUrl,
            HttpClient = new HttpClient { BaseAddress = uri, Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            Clock = clock,
            Logger = NullLogger.Instance,
            SaveDataAsync = save ?? ((_, _) => Task.CompletedTask),
        };
    }

    public static CreatePaymentRequest Payment(long amount = 1002, string phone = "+250788000001",
        PaymentMethod method = PaymentMethod.MobileMoney, string? paymentId = null, string? description = "Rent November",
        DateTimeOffset? expiresAt = null, string? connectorData = null)
    {
        var id = paymentId ?? "pay_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        return new CreatePaymentRequest
        {
            PaymentId = id,
            ProviderReference = new IremboPayConnector().NewProviderReference(id),
            Amount = new Money(amount, Currency.RWF),
            Method = method,
            Country = "RW",
            Payer = new PaymentPayer { Phone = phone, Name = "Ada N.", Email = "ada@example.rw" },
            Description = description,
            ExpiresAt = expiresAt,
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

    public static CallbackRequest Notification(string body, string? signature, string method = "POST")
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (signature is not null)
        {
            headers["irembopay-signature"] = signature;
        }

        return new CallbackRequest(method, "", [], headers, Encoding.UTF8.GetBytes(body));
    }
}
