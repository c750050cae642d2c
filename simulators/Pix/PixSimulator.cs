using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;

namespace Simulators.Pix;

/// <summary>
/// A receiving PSP's API Pix v2 in BCB's wire format (PROVIDERS.md §7): OAuth2 client credentials, charges
/// (<c>/cob</c>), devoluções, Efí-style payouts, webhook registration and the <c>{webhookUrl}/pix</c> POST (retried at
/// 10 s, 60 s and 300 s until a 2xx), RFC 7807 errors with violações, the sandbox rules of
/// <see cref="PixOutcomeRules"/>, and optionally mTLS (<see cref="PixTlsFront"/>), on the simulator kit.
/// </summary>
public sealed partial class PixSimulator : Simulator<PixRecord, PixOverrideOutcome>, IDisposable
{
    private readonly PixSimulatorOptions _options;

    // Portal settings, kept across resets like a real PSP's: webhooks per key, issued tokens.
    private readonly Dictionary<string, string> _webhooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private long _locSequence = 789;
    private PixTlsFront? _tls;
    private CancellationTokenSource _webhookEpoch = new();

    private PixSimulator(PixSimulatorOptions options)
        : base(options) => _options = options;

    public override string Id => PixDefinition.SimulatorId;

    /// <summary>The HTTPS URL requiring a client certificate, when started with <see cref="PixSimulatorOptions.RequireClientCertificate"/>.</summary>
    public string? MtlsUrl => _tls?.Url;

    /// <summary>The HTTPS listener's server certificate (public part), for a client to trust.</summary>
    public X509Certificate2? MtlsServerCertificate => _tls?.ServerCertificate;

    /// <summary>Every record, oldest first, as <c>GET /__sim/transactions</c> shows them.</summary>
    public IReadOnlyList<object> Transactions
    {
        get
        {
            lock (Gate)
            {
                var now = Clock.GetUtcNow();
                return [.. Store.All.Select(r => r.Snapshot(now))];
            }
        }
    }

    public static PixSimulator Start(PixSimulatorOptions options)
    {
        var simulator = new PixSimulator(options);
        simulator.StartServer();
        if (options.RequireClientCertificate)
        {
            simulator._tls = PixTlsFront.Start(new Uri(simulator.Url), options.Host, options.MtlsPort, options.ServerCertificate);
        }

        return simulator;
    }

    /// <summary>Stops the mTLS listener too.</summary>
    public new void Dispose()
    {
        _tls?.Dispose();
        base.Dispose();
    }

    /// <summary>A record by its reference, or null.</summary>
    public PixRecord? Find(string reference)
    {
        lock (Gate)
        {
            return Store.TryGet(reference, out var record) ? record : null;
        }
    }

    /// <summary>Where the webhook of <paramref name="chave"/> goes (as <c>PUT /webhook/{chave}</c> sets it), or null.</summary>
    public string? WebhookUrl(string chave)
    {
        lock (Gate)
        {
            return _webhooks.GetValueOrDefault(chave);
        }
    }

    /// <summary>Sets the webhook of a key, as the portal (or <c>PUT /webhook/{chave}</c>) does; null removes it.</summary>
    public void SetWebhook(string chave, string? webhookUrl)
    {
        lock (Gate)
        {
            if (webhookUrl is null)
            {
                _webhooks.Remove(chave);
            }
            else
            {
                _webhooks[chave] = webhookUrl;
            }
        }
    }

    /// <summary>Trusts one more client certificate (its SHA-256 thumbprint, hex) on the mTLS listener; by default any is taken.</summary>
    public void TrustClientCertificate(string thumbprint) => _tls?.Trust(thumbprint);

    /// <summary>Pays an ATIVA charge now, by hand: CONCLUIDA and its webhook.</summary>
    public Task<(PixRecord? Record, string? Problem)> PayAsync(string txid) => ResolveAsync(txid, "CONCLUIDA");

    protected override void MapControls()
    {
        AddControl("POST", "/__sim/transactions/{ref}/pay", async c =>
        {
            var (record, problem) = await PayAsync(c.Reference!);
            return record is null ? SimWire.Problem(404, "UNKNOWN_TRANSACTION", $"no charge {c.Reference}")
                : problem is not null ? SimWire.Problem(400, "INVALID_CONTROL", problem)
                : SimWire.Object(200, Snapshot(record, Clock.GetUtcNow()));
        });
        AddControl("GET", "/__sim/webhooks", _ =>
        {
            lock (Gate)
            {
                return SimWire.Object(200, _webhooks.Select(w => new { chave = w.Key, webhookUrl = w.Value }).ToList());
            }
        });
        AddControl("POST", "/__sim/webhooks", c =>
        {
            if (!c.TryRead<WebhookSetting>(out var setting, out var problem))
            {
                return problem;
            }

            if (string.IsNullOrWhiteSpace(setting.Chave)
                || (setting.WebhookUrl is not null && !Uri.TryCreate(setting.WebhookUrl, UriKind.Absolute, out _)))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "chave is required; webhookUrl must be an absolute URL (null removes it).");
            }

            SetWebhook(setting.Chave, setting.WebhookUrl);
            return SimWire.Empty(204);
        });
        AddControl("GET", "/__sim/mtls", _ => SimWire.Object(200, new
        {
            required = _tls is not null,
            url = _tls?.Url,
            trusted = _tls?.Trusted ?? [],
            serverCertificate = _tls is null ? null : Convert.ToBase64String(_tls.ServerCertificate.Export(X509ContentType.Cert)),
        }));
        AddControl("POST", "/__sim/mtls/trust", c =>
        {
            if (!c.TryRead<TrustSetting>(out var setting, out var problem))
            {
                return problem;
            }

            if (_tls is null || string.IsNullOrWhiteSpace(setting.Thumbprint))
            {
                return SimWire.Problem(400, "INVALID_CONTROL",
                    "thumbprint is required, and the simulator must run with RequireClientCertificate.");
            }

            _tls.Trust(setting.Thumbprint);
            return SimWire.Empty(204);
        });
    }

    protected override object Snapshot(PixRecord record, DateTimeOffset now) => record.Snapshot(now);

    /// <summary>
    /// The webhook: POST {webhookUrl}/pix with the received Pix, for a CONCLUIDA charge, and for a devolução that ended
    /// (the refunded Pix with that devolução). No webhook for a removed charge or a payout [S]; no stale one.
    /// </summary>
    protected override OutgoingCallback? BuildCallback(PixRecord record, bool stale)
    {
        var now = Clock.GetUtcNow();
        if (stale)
        {
            return null;
        }

        var (cob, devolucoes) = record.Kind switch
        {
            PixKind.Cob when record.StatusAt(now) == "CONCLUIDA" => (record, Array.Empty<PixRecord>()),
            PixKind.Devolucao when record.StatusAt(now) is "DEVOLVIDO" or "NAO_REALIZADO" => (record.Parent!, new[] { record }),
            _ => (null, []),
        };
        if (cob is null || _webhooks.GetValueOrDefault(cob.Chave) is not { } url)
        {
            return null;
        }

        var body = PixWire.Write(json =>
        {
            json.WriteStartArray("pix");
            PixWire.Received(json, cob, now, devolucoes);
            json.WriteEndArray();
        });
        return new OutgoingCallback(url + "/pix", "POST", body);
    }

    protected override bool TryResolve(PixRecord record, string status, string? reason, out string problem)
    {
        var now = Clock.GetUtcNow();
        string[] allowed = record.Kind switch
        {
            PixKind.Cob => ["CONCLUIDA", "REMOVIDA_PELO_PSP", "REMOVIDA_PELO_USUARIO_RECEBEDOR"],
            PixKind.Devolucao => ["DEVOLVIDO", "NAO_REALIZADO"],
            PixKind.Envio => ["REALIZADO", "NAO_REALIZADO"],
        };
        problem = $"a {record.Kind.ToString().ToLowerInvariant()} in {record.StatusAt(now)} moves only from {record.InitialStatus} to {string.Join(", ", allowed)}.";
        if (!allowed.Contains(status) || record.StatusAt(now) != record.InitialStatus)
        {
            // The scheduled outcome itself, once due, is what the scheduler resolves.
            if (!(status == record.ScheduledStatus && record.StatusAt(now) == status && record.ResolvedStatus is null))
            {
                return false;
            }
        }

        record.ResolvedStatus = status;
        record.ResolvedAt = status == record.ScheduledStatus && record.FinalAt <= now ? record.FinalAt : now;
        return true;
    }

    protected override void OnReset()
    {
        var previous = _webhookEpoch;
        _webhookEpoch = new CancellationTokenSource();
        _ = previous.CancelAsync();
    }

    protected override IResponseMessage FaultReply(SimFault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Status401:
                return PixWire.Denied();
            case FaultKind.Status429:
                var throttled = PixWire.Problem(429, "LimiteExcedido", "Limite excedido.", "Muitas requisições.");
                throttled.AddHeader("Retry-After", fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                return throttled;
            case FaultKind.Status503:
                return PixWire.Problem(503, "ServicoIndisponivel", "Serviço Indisponível", "Serviço não está disponível no momento.");
            default:
                return base.FaultReply(fault);
        }
    }

    /// <summary>
    /// Sends the record's webhook when its scheduled status is due (never before the reply that created it), under its
    /// callback mode; then again at 10 s, 60 s and 300 s after each attempt until the hub answers a 2xx.
    /// </summary>
    private void ScheduleWebhook(PixRecord record)
    {
        // Armed now, while the request is being answered: a test moving the fake clock cannot slip in between.
        var ct = _webhookEpoch.Token;
        var due = Clock.WaitUntilAsync(record.FinalAt, ct);
        _ = WebhookAsync(record, due, ct);
    }

    private async Task WebhookAsync(PixRecord record, Task due, CancellationToken ct)
    {
        try
        {
            await record.ReplySent.Task.WaitAsync(ct);
            await due;
            lock (Gate)
            {
                if (record.FinalNotified || record.StatusAt(Clock.GetUtcNow()) != record.ScheduledStatus)
                {
                    return;
                }
            }

            await ResolveAsync(record.Reference, record.ScheduledStatus!);
            await RetryAsync(record, ct);
        }
        catch (OperationCanceledException)
        {
            // Reset or disposal: the webhook is dropped.
        }
    }

    private async Task RetryAsync(PixRecord record, CancellationToken ct)
    {
        if (record.CallbackMode == CallbackMode.Drop)
        {
            return;
        }

        var last = record.CallbackMode == CallbackMode.Late
            ? Clock.GetUtcNow() + record.LateBy
            : Callbacks.LastOrDefault(c => IsAbout(c, record))?.SentAt ?? Clock.GetUtcNow();
        foreach (var wait in _options.WebhookRetries)
        {
            await Clock.WaitUntilAsync(last + wait, ct);
            if (Callbacks.Any(c => IsAbout(c, record) && c.StatusCode is >= 200 and < 300)
                || await ResendCallbackAsync(record.Reference) is not { } sent)
            {
                return;
            }

            last = sent.SentAt;
        }
    }

    private static bool IsAbout(SentCallback callback, PixRecord record) =>
        string.Equals(callback.ReferenceId, record.Reference, StringComparison.OrdinalIgnoreCase);

    private sealed record WebhookSetting(string? Chave, string? WebhookUrl);

    private sealed record TrustSetting(string? Thumbprint);
}

/// <summary>
/// How simulators/Host finds and starts the Pix simulator. Settings: <c>RequireClientCertificate</c> (true: also an
/// HTTPS listener requiring a client certificate) and <c>MtlsPort</c>.
/// </summary>
public sealed class PixDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "pix";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => PixSimulator.Start(new PixSimulatorOptions
    {
        Port = port,
        Host = host,
        RequireClientCertificate = string.Equals(settings["RequireClientCertificate"], "true", StringComparison.OrdinalIgnoreCase),
        MtlsPort = int.TryParse(settings["MtlsPort"], NumberStyles.None, CultureInfo.InvariantCulture, out var mtls) ? mtls : 0,
    });
}
