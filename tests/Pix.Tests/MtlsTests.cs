using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Pix;

namespace Connectors.Pix.Tests;

/// <summary>
/// mTLS per account: the simulator's HTTPS listener requires a client certificate; a call without one is refused
/// before anything is sent, and the account's certificate (a base64 PKCS#12 credential, loaded the way the hub's
/// ProviderHttp loads it) gets through. The certificates are made here; no key is committed.
/// </summary>
public sealed class MtlsTests : IDisposable
{
    private const string Password = "test-only";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly PixSimulator _simulator;
    private readonly PixConnector _connector = new();

    public MtlsTests()
    {
        _simulator = PixSimulator.Start(new PixSimulatorOptions { Port = 0, Clock = _clock, RequireClientCertificate = true });
    }

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task WithoutClientCertificate_Refused_NothingStored()
    {
        var payment = TestSupport.Payment(1010);

        var result = await _connector.CreatePaymentAsync(Context(null), payment, CancellationToken.None);

        Assert.Equal(OperationOutcome.NotSent, result.Outcome);
        Assert.Null(_simulator.Find(payment.ProviderReference));
        Assert.Empty(_simulator.Server.LogEntries);
    }

    [Fact]
    public async Task WithTheAccountsClientCertificate_ChargeCreated()
    {
        var pfx = ClientPfx("CN=loja-demo");
        var payment = TestSupport.Payment(1010);

        var result = await _connector.CreatePaymentAsync(Context(pfx), payment, CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.NotNull(_simulator.Find(payment.ProviderReference));
        Assert.StartsWith("https://", _simulator.MtlsUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnceATrustListIsSet_AnotherCertificate_Refused()
    {
        var trusted = ClientPfx("CN=loja-demo");
        var other = ClientPfx("CN=intruso");
        using (var certificate = Load(trusted))
        {
            _simulator.TrustClientCertificate(certificate.GetCertHashString(HashAlgorithmName.SHA256));
        }

        var refused = await _connector.CreatePaymentAsync(Context(other), TestSupport.Payment(1010), CancellationToken.None);
        var accepted = await _connector.CreatePaymentAsync(Context(trusted), TestSupport.Payment(1010), CancellationToken.None);

        Assert.Equal(OperationOutcome.NotSent, refused.Outcome);
        Assert.Equal(PaymentStatus.Pending, accepted.Status);
    }

    /// <summary>A context whose HTTP client presents the account's certificate, as the hub builds it, and trusts the simulator's.</summary>
    private ConnectorContext Context(string? pfx)
    {
        var credentials = new Dictionary<string, string>();
        if (pfx is not null)
        {
            credentials[AccountSchema.ClientCertificateCredential] = pfx;
            credentials[AccountSchema.ClientCertificatePasswordCredential] = Password;
        }

        var account = TestSupport.Account(new Uri(_simulator.MtlsUrl!), extraCredentials: credentials);
        var serverThumbprint = _simulator.MtlsServerCertificate!.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 server && server.Thumbprint == serverThumbprint,
            },
        };
        if (pfx is not null)
        {
            handler.SslOptions.ClientCertificates = [Load(pfx)];
        }

        return TestSupport.Context(_simulator.MtlsUrl!, _clock, account, TimeSpan.FromSeconds(10), handler: handler);
    }

    // What the hub's ProviderHttp does with the credential.
    private static X509Certificate2 Load(string pfx) => X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx), Password);

    private static string ClientPfx(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, Password));
    }
}
