using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Hub.Webhooks;

/// <summary>
/// Where the hub may post webhooks (SSRF guard). A merchant chooses the URL, so without this a webhook could reach
/// the hub's own network: loopback, private ranges, link-local, CGNAT, unique-local and cloud metadata addresses are
/// refused in production; the Development environment allows loopback and private networks so that a developer can
/// receive webhooks locally. Unspecified, multicast, broadcast and metadata addresses are refused everywhere.
/// The check runs when an endpoint is saved and again inside the connection (<see cref="ConnectAsync"/>), on the
/// very address the socket then connects to, so DNS cannot answer differently between the check and the connect.
/// </summary>
internal sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    // AWS, GCP, Azure, OCI (169.254.169.254), ECS task metadata, Alibaba Cloud, AWS over IPv6.
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("fd00:ec2::254"),
    ];

    public bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks ?? environment.IsDevelopment();

    /// <summary>Why the hub must not connect to <paramref name="address"/>, or null when it may.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivateNetworks)
    {
        var kind = Classify(address);
        return kind switch
        {
            AddressKind.Public => null,
            AddressKind.Loopback or AddressKind.Private or AddressKind.LinkLocal or AddressKind.SharedAddressSpace
                or AddressKind.UniqueLocal when allowPrivateNetworks => null,
            _ => $"{address} is a {Describe(kind)} address",
        };
    }

    public static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        if (MetadataAddresses.Contains(address))
        {
            return AddressKind.Metadata;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out var length);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(b[..length]),
            AddressFamily.InterNetworkV6 => ClassifyV6(address, b[..length]),
            _ => AddressKind.Reserved,
        };
    }

    /// <summary>At creation: null when the URL may be used, else why not (for the "url" field).</summary>
    public async Task<string?> CheckUrlAsync(Uri url, CancellationToken ct)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !AllowPrivateNetworks)
        {
            return "must be an https URL";
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            // A name that does not resolve yet is not an attack; delivery checks again and retries.
            return null;
        }

        return addresses.Select(a => Refusal(a, AllowPrivateNetworks)).FirstOrDefault(r => r is not null) is { } refusal
            ? $"must not point at the hub's own networks ({url.IdnHost}: {refusal})"
            : null;
    }

    /// <summary>
    /// The webhook client's ConnectCallback: resolves the host, refuses the whole name if any of its addresses is
    /// refused (a name answering both a public and a private address is an attack), then connects to a vetted address.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        foreach (var address in addresses)
        {
            if (Refusal(address, AllowPrivateNetworks) is { } refusal)
            {
                throw new WebhookAddressRefusedException($"{host} refused: {refusal}");
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

    private static AddressKind ClassifyV4(ReadOnlySpan<byte> b) => (b[0], b[1]) switch
    {
        (0, _) => AddressKind.Unspecified, // "this network", 0.0.0.0/8
        (127, _) => AddressKind.Loopback,
        (10, _) => AddressKind.Private,
        (172, >= 16 and <= 31) => AddressKind.Private,
        (192, 168) => AddressKind.Private,
        (169, 254) => AddressKind.LinkLocal,
        (100, >= 64 and <= 127) => AddressKind.SharedAddressSpace, // CGNAT, RFC 6598
        (>= 224 and <= 239, _) => AddressKind.Multicast,
        (255, 255) when b[2] == 255 && b[3] == 255 => AddressKind.Broadcast,
        (>= 240, _) => AddressKind.Reserved,
        _ => AddressKind.Public,
    };

    private static AddressKind ClassifyV6(IPAddress address, ReadOnlySpan<byte> b)
    {
        if (address.Equals(IPAddress.IPv6None))
        {
            return AddressKind.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressKind.Loopback;
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge that one.
        if (b[..12].SequenceEqual((ReadOnlySpan<byte>)[0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]))
        {
            return ClassifyV4(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);
        }

        return b[0] switch
        {
            0xff => AddressKind.Multicast,
            0xfe when (b[1] & 0xc0) == 0x80 => AddressKind.LinkLocal, // fe80::/10
            0xfe when (b[1] & 0xc0) == 0xc0 => AddressKind.Private, // fec0::/10, the deprecated site-local
            0xfc or 0xfd => AddressKind.UniqueLocal, // fc00::/7
            _ when b[..15].IndexOfAnyExcept((byte)0) < 0 => AddressKind.Reserved, // ::x, IPv4-compatible (deprecated)
            _ => AddressKind.Public,
        };
    }

    private static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Public => "public",
        AddressKind.Loopback => "loopback",
        AddressKind.Private => "private",
        AddressKind.LinkLocal => "link-local",
        AddressKind.SharedAddressSpace => "carrier-grade NAT",
        AddressKind.UniqueLocal => "unique-local",
        AddressKind.Unspecified => "unspecified",
        AddressKind.Multicast => "multicast",
        AddressKind.Broadcast => "broadcast",
        AddressKind.Reserved => "reserved",
        AddressKind.Metadata => "cloud metadata",
    };
}

internal enum AddressKind
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    SharedAddressSpace,
    UniqueLocal,
    Unspecified,
    Multicast,
    Broadcast,
    Reserved,
    Metadata,
}

/// <summary>The connection was refused by <see cref="WebhookAddressPolicy"/>; HttpClient wraps it in an HttpRequestException.</summary>
internal sealed class WebhookAddressRefusedException(string message) : Exception(message);
