using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.Pix.Tests;

/// <summary>Builds what the hub would hand the connector.</summary>
internal static class TestSupport
{
    public const string AccountId = "ca_01JA0PIX0000000000000000000";
    public const string CallbackSecret = "whsec_pix_sandbox_0001";
    public const string PixKey = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906";
    public static readonly Uri CallbackUrl = new($"https://hub.example.com/v1/callbacks/pix/{AccountId}");

    public static ConnectorAccount Account(Uri baseUrl, string clientSecret = "pix-sandbox-secret",
        IReadOnlyDictionary<string, string>? extraCredentials = null, IReadOnlyDictionary<string, string>? extraSettings = null,
        ConnectorEnvironment environment = ConnectorEnvironment.Sandbox)
    {
        var credentials = new Dictionary<string, string>
        {
            ["clientId"] = "pix-sandbox-client",
            ["clientSecret"] = clientSecret,
            ["callbackSecret"] = CallbackSecret,
        };
        foreach (var (name, value) in extraCredentials ?? new Dictionary<string, string>())
        {
            credentials[name] = value;
        }

        var settings = new Dictionary<string, string>
        {
            ["pixKey"] = PixKey,
            ["merchantName"] = "Padaria São João",
            ["merchantCity"] = "São Paulo",
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        return new ConnectorAccount
        {
            Id = AccountId,
            Environment = environment,
            BaseUrl = baseUrl,
            Credentials = credentials,
            Settings = settings,
        };
    }

    public static ConnectorContext Context(string baseUrl, TimeProvider clock, ConnectorAccount? account = null,
        TimeSpan? timeout = null, Func<string, CancellationToken, Task>? save = null, HttpMessageHandler? handler = null,
        Uri? callbackUrl = null)
    {
        var uri = new Uri(baseUrl.TrimEnd('/'));
        return new ConnectorContext
        {
            Account = account ?? Account(uri),
            CallbackUrl = callbackUrl ?? CallbackUrl,
            HttpClient = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
            {
                BaseAddress = uri,
                Timeout = timeout ?? TimeSpan.FromSeconds(10),
            },
            Clock = clock,
            Logger = NullLogger.Instance,
            SaveDataAsync = save ?? ((_, _) => Task.CompletedTask),
        };
    }

    public static CreatePaymentRequest Payment(long amount = 1010, string? document = "12345678909", string? description = "Pedido 123",
        string? payerRequest = null, string? paymentId = null, DateTimeOffset? expiresAt = null, string? connectorData = null)
    {
        var id = paymentId ?? "pay_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        return new CreatePaymentRequest
        {
            PaymentId = id,
            ProviderReference = new PixConnector().NewProviderReference(id),
            Amount = new Money(amount, Currency.BRL),
            Method = PaymentMethod.Pix,
            Country = "BR",
            Payer = new PaymentPayer { Name = "Francisco da Silva", DocumentType = "cpf", DocumentNumber = document },
            Description = description,
            ExpiresAt = expiresAt,
            ConnectorData = connectorData,
            MethodOptions = payerRequest is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["payerRequest"] = payerRequest },
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

    public static CallbackRequest Webhook(string body, string? token = CallbackSecret, string method = "POST")
    {
        var query = new Dictionary<string, string> { ["ignorar"] = "/pix" };
        if (token is not null)
        {
            query["hmac"] = token;
        }

        return new CallbackRequest(method, "", query, new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Encoding.UTF8.GetBytes(body));
    }
}
