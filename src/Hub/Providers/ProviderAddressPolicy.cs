using System.Net;
using System.Net.Sockets;
using Hub.Common;
using Hub.Webhooks;
using Microsoft.Extensions.Options;

namespace Hub.Providers;

/// <summary>Where provider calls may go (section "Hub:Providers"; environment Hub__Providers__AllowedPrivateHosts__0…).</summary>
internal sealed class ProviderAddressOptions
{
    public const string Section = "Hub:Providers";

    /// <summary>Whether provider base URLs may point at loopback and private networks; unset: only in Development.</summary>
    public bool? AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Host names (or IP literals) of providers the operator runs on a private network: allowed there even in
    /// production. Cloud metadata, unspecified and multicast addresses stay refused.
    /// </summary>
    public List<string> AllowedPrivateHosts { get; set; } = [];
}

/// <summary>
/// The SSRF guard of provider calls. A merchant key chooses a connector account's baseUrl, so without it the hub's
/// provider calls could be pointed at 169.254.169.254 or internal hosts: in production, base URLs pass the same address
/// rules as webhook URLs (<see cref="WebhookAddressPolicy.Refusal"/>), plus the operator's allow-list. Checked when an
/// account is saved and again inside every connection, on the address the socket then connects to.
/// </summary>
internal sealed class ProviderAddressPolicy(IOptions<ProviderAddressOptions> options, IHostEnvironment environment)
{
    public bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks ?? environment.IsDevelopment();

    private bool IsAllowListed(string host) =>
        options.Value.AllowedPrivateHosts.Any(h => string.Equals(h.Trim().Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    /// <summary>At save time: adds an error on "baseUrl" when it points at the hub's own networks.</summary>
    public async Task CheckAsync(BodyReader body, string? baseUrl, CancellationToken ct)
    {
        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) && await RefusalAsync(url, ct) is { } refusal)
        {
            body.AddError("baseUrl", refusal);
        }
    }

    /// <summary>Null when the URL may be used; else why not.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        var host = url.IdnHost;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(host, ct);
        }
        catch (SocketException)
        {
            return null; // not resolvable yet: the connection checks again
        }

        var allowPrivate = AllowPrivateNetworks || IsAllowListed(host);
        return addresses.Select(a => WebhookAddressPolicy.Refusal(a, allowPrivate)).FirstOrDefault(r => r is not null) is { } refusal
            ? $"must not point at the hub's own networks ({host}: {refusal}); an operator may allow a private provider host in Hub:Providers:AllowedPrivateHosts"
            : null;
    }

    /// <summary>The provider client's ConnectCallback: every address of the name must pass, then one is connected to.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        var allowPrivate = AllowPrivateNetworks || IsAllowListed(host);
        foreach (var address in addresses)
        {
            if (WebhookAddressPolicy.Refusal(address, allowPrivate) is { } refusal)
            {
                throw new ProviderAddressRefusedException($"{host} refused: {refusal}");
            }
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>A provider connection refused by <see cref="ProviderAddressPolicy"/> (never sent: the connection was not made).</summary>
internal sealed class ProviderAddressRefusedException(string message) : Exception(message);

internal static class ProviderAddressSetup
{
    /// <summary>The policy, and the provider HTTP client's connections through it.</summary>
    public static IServiceCollection AddProviderAddressPolicy(this IServiceCollection services)
    {
        services.AddOptions<ProviderAddressOptions>().BindConfiguration(ProviderAddressOptions.Section);
        services.AddSingleton<ProviderAddressPolicy>(); // ProviderHttp pins every account's connections through it
        return services;
    }
}
