using System.Security.Cryptography.X509Certificates;
using Simulators.Kit;

namespace Simulators.Pix;

/// <summary>How <see cref="PixSimulator.Start"/> runs the simulator; port, host, clock and callback handler are the kit's.</summary>
public sealed class PixSimulatorOptions : SimulatorOptions
{
    /// <summary>The host of the charges' payload locations (loc.location is "{LocationHost}/qr/v2/{uuid}").</summary>
    public string LocationHost { get; init; } = "pix.example.com";

    /// <summary>The name and city in the PSP's own pixCopiaECola.</summary>
    public string MerchantName { get; init; } = "PIX SIMULADOR";

    public string MerchantCity { get; init; } = "SAO PAULO";

    /// <summary>When a webhook the hub did not answer with a 2xx goes again, each after the previous attempt [S].</summary>
    public IReadOnlyList<TimeSpan> WebhookRetries { get; init; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300)];

    /// <summary>
    /// Also listen with HTTPS at <see cref="PixSimulator.MtlsUrl"/>, refusing any client that presents no client
    /// certificate (or one not trusted, once <c>/__sim/mtls/trust</c> lists some): production's mTLS.
    /// </summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>The HTTPS port; 0 picks a free one.</summary>
    public int MtlsPort { get; init; }

    /// <summary>The HTTPS server certificate (with its key); null: a self-signed one for the host, made at start.</summary>
    public X509Certificate2? ServerCertificate { get; init; }
}
