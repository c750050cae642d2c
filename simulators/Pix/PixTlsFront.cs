using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Simulators.Pix;

/// <summary>
/// The simulator's mTLS listener: a TLS server that requires a client certificate (any, or only the trusted ones once
/// some are listed) and then relays the decrypted bytes to the simulator's plain HTTP endpoint, so every API call and
/// the request journal behave the same. A client without a certificate never gets past the handshake.
/// </summary>
public sealed class PixTlsFront : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Uri _inner;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, bool> _trusted = new(StringComparer.OrdinalIgnoreCase);

    private PixTlsFront(TcpListener listener, Uri inner, X509Certificate2 certificate, string host)
    {
        _listener = listener;
        _inner = inner;
        ServerCertificate = certificate;
        Url = $"https://{host}:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>https://127.0.0.1:port.</summary>
    public string Url { get; }

    /// <summary>The server certificate a client must trust.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The SHA-256 thumbprints (hex) accepted; empty: any client certificate.</summary>
    public IReadOnlyList<string> Trusted => [.. _trusted.Keys];

    /// <summary>How many handshakes were refused (no certificate, or an untrusted one).</summary>
    public int Refused => _refused;

    private int _refused;

    public static PixTlsFront Start(Uri inner, string host, int port, X509Certificate2? certificate)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : IPAddress.Loopback;
        var listener = new TcpListener(address, port);
        listener.Start();
        var front = new PixTlsFront(listener, inner, certificate ?? SelfSigned(host), host);
        _ = front.AcceptAsync();
        return front;
    }

    public void Trust(string thumbprint) => _trusted[thumbprint.Replace(":", "", StringComparison.Ordinal).Trim()] = true;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    /// <summary>A self-signed server certificate for <paramref name="host"/> (and localhost), with its key.</summary>
    public static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        if (IPAddress.TryParse(host, out var ip))
        {
            names.AddIpAddress(ip);
        }
        else
        {
            names.AddDnsName(host);
        }

        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream(), false, (_, certificate, _, _) => Accepts(certificate));
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = ServerCertificate,
                    ClientCertificateRequired = true,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                }, _stop.Token);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(_inner.Host, _inner.Port, _stop.Token);
                await using var plain = upstream.GetStream();
                var up = tls.CopyToAsync(plain, _stop.Token);
                var down = plain.CopyToAsync(tls, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (AuthenticationException)
            {
                Interlocked.Increment(ref _refused);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the simulator stops.
            }
        }
    }

    private bool Accepts(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        if (_trusted.IsEmpty)
        {
            return true;
        }

        return _trusted.ContainsKey(certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }
}
