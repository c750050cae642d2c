using System.Globalization;
using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;

namespace Simulators.Card;

/// <summary>How <see cref="CardSimulator.Start"/> runs the simulator; port, host, clock and callback handler are the kit's.</summary>
public sealed class CardSimulatorOptions : SimulatorOptions
{
    /// <summary>The notification URL for a merchant that registered none through <c>POST /__sim/merchants</c>; null: none.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>The card table for merchants that chose none (PROVIDERS §1.3: InfraPSP's by default).</summary>
    public CardRuleSet CardRules { get; init; } = CardRuleSet.InfraPsp;

    /// <summary>When a notification the hub did not answer with a 200 goes again: two more tries [S].</summary>
    public IReadOnlyList<TimeSpan> NotificationRetries { get; init; } = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)];
}

/// <summary>
/// Cielo API E-commerce 3.0 in Cielo's wire format (PROVIDERS §8): sales (authorize, capture at once, 3-D Secure), the two
/// queries, capture, void, the unsigned Notification Post, anti-fraud reviews and chargebacks, with InfraPSP's sandbox
/// rules (<see cref="CardOutcomeRules"/>), on the simulator kit. The request journal never holds a card number or a CVC.
/// </summary>
public sealed partial class CardSimulator : Simulator<CardRecord, CardOverrideOutcome>
{
    private readonly CardSimulatorOptions _options;

    // Portal settings per MerchantId ("registered by Cielo support"): kept across resets.
    private readonly Dictionary<string, MerchantSettings> _merchants = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence = 1_006_000_000_000;
    private CancellationTokenSource _retries = new();

    private CardSimulator(CardSimulatorOptions options)
        : base(options) => _options = options;

    public override string Id => CardDefinition.SimulatorId;

    /// <summary>Every sale, oldest first, as <c>GET /__sim/transactions</c> shows it.</summary>
    public IReadOnlyList<object> Transactions
    {
        get
        {
            lock (Gate)
            {
                var now = Clock.GetUtcNow();
                return [.. Store.All.Select(r => Snapshot(r, now))];
            }
        }
    }

    protected override bool MasksJournalBodies => true;

    public static CardSimulator Start(CardSimulatorOptions options)
    {
        var simulator = new CardSimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>
    /// A merchant's portal settings, as <c>POST /__sim/merchants</c> sets them: the one static notification URL, up to
    /// three static headers sent with each notification, its card table, and whether ChangeType goes as a string.
    /// </summary>
    public void SetMerchant(string merchantId, string? callbackUrl, IReadOnlyDictionary<string, string>? headers = null,
        CardRuleSet? rules = null, bool changeTypeAsString = false)
    {
        lock (Gate)
        {
            _merchants[merchantId] = new MerchantSettings(callbackUrl, headers ?? new Dictionary<string, string>(), rules,
                changeTypeAsString);
        }
    }

    /// <summary>A sale by its PaymentId, else the latest with this MerchantOrderId; null when none.</summary>
    public CardRecord? Find(string reference)
    {
        lock (Gate)
        {
            return Store.TryGet(reference, out var record) ? record
                : Store.All.LastOrDefault(r => string.Equals(r.MerchantOrderId, reference, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The notification body for <paramref name="record"/> now (tests build genuine callbacks with it).</summary>
    public string NotificationFor(CardRecord record)
    {
        lock (Gate)
        {
            return CardWire.Notification(record.Reference, record.ChangeType,
                _merchants.GetValueOrDefault(record.MerchantId)?.ChangeTypeAsString ?? false);
        }
    }

    protected override string? JournalBody(string method, string path, string body) => CardWire.MaskForJournal(body);

    protected override object Snapshot(CardRecord record, DateTimeOffset now) => new
    {
        reference = record.Reference,
        paymentId = record.Reference,
        merchantOrderId = record.MerchantOrderId,
        status = record.Status.ToString(CultureInfo.InvariantCulture),
        rule = record.Rule,
        sale = CardWire.Sale(record, AuthenticationUrl(record)),
    };

    /// <summary>The Notification Post to the merchant's URL (else the simulator's), with its static headers; a stale one is the same.</summary>
    protected override OutgoingCallback? BuildCallback(CardRecord record, bool stale)
    {
        var merchant = _merchants.GetValueOrDefault(record.MerchantId);
        var url = merchant?.CallbackUrl ?? _options.CallbackUrl;
        return url is null
            ? null
            : new OutgoingCallback(url, "POST", CardWire.Notification(record.Reference, record.ChangeType, merchant?.ChangeTypeAsString ?? false))
            {
                Headers = merchant?.Headers ?? new Dictionary<string, string>(),
            };
    }

    /// <summary>By hand: a Status number (0, 1, 2, 3, 10, 11, 12, 13), the reason as its ReturnCode; ChangeType 1 follows.</summary>
    protected override bool TryResolve(CardRecord record, string status, string? reason, out string problem)
    {
        problem = "a Cielo Status is one of 0, 1, 2, 3, 10, 11, 12, 13.";
        if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is not (0 or 1 or 2 or 3 or 10 or 11 or 12 or 13))
        {
            return false;
        }

        Apply(record, new SaleDecision(value, reason ?? DefaultReturnCode(value), "Resolved by hand", record.Fraud == "Review" ? null : record.Fraud,
            "resolved"), Clock.GetUtcNow());
        record.AwaitingAuthentication = false;
        record.ChangeType = 1;
        return true;
    }

    protected override IResponseMessage FaultReply(SimFault fault) => fault.Kind switch
    {
        FaultKind.Status401 => SimWire.Empty(401),
        FaultKind.Status500 when fault.Code is not null && int.TryParse(fault.Code, CultureInfo.InvariantCulture, out var code) =>
            SimWire.Raw(500, $"[{{\"Code\":{code},\"Message\":\"Internal error\"}}]"),
        _ => base.FaultReply(fault),
    };

    protected override void OnReset()
    {
        var previous = _retries;
        _retries = new CancellationTokenSource();
        _ = previous.CancelAsync();
    }

    /// <summary>
    /// Sends the notification with <paramref name="changeType"/> under the sale's callback mode (none when dropped), and
    /// two more tries, on the simulator clock, while the hub does not answer 200.
    /// </summary>
    private async Task NotifyAsync(CardRecord record, int changeType)
    {
        CancellationToken ct;
        lock (Gate)
        {
            record.ChangeType = changeType;
            ct = _retries.Token;
            if (record.CallbackMode == CallbackMode.Drop)
            {
                return;
            }
        }

        var sent = await ResendCallbackAsync(record.Reference);
        if (sent is null || sent.StatusCode == 200)
        {
            return;
        }

        _ = RetryAsync(record.Reference, sent.SentAt, ct);
    }

    private async Task RetryAsync(string reference, DateTimeOffset last, CancellationToken ct)
    {
        try
        {
            foreach (var wait in _options.NotificationRetries)
            {
                await Clock.WaitUntilAsync(last + wait, ct);
                if (await ResendCallbackAsync(reference) is not { } sent || sent.StatusCode == 200)
                {
                    return;
                }

                last = sent.SentAt;
            }
        }
        catch (OperationCanceledException)
        {
            // Reset: retries are dropped.
        }
    }

    private sealed record MerchantSettings(string? CallbackUrl, IReadOnlyDictionary<string, string> Headers, CardRuleSet? Rules,
        bool ChangeTypeAsString);
}

/// <summary>
/// How simulators/Host finds and starts the card simulator (settings: <c>CallbackUrl</c>, the notification URL for
/// merchants that registered none; <c>CardRules</c>, <c>infrapsp</c> or <c>cielo</c>).
/// </summary>
public sealed class CardDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "card";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => CardSimulator.Start(new CardSimulatorOptions
    {
        Port = port,
        Host = host,
        CallbackUrl = string.IsNullOrWhiteSpace(settings["CallbackUrl"]) ? null : settings["CallbackUrl"],
        CardRules = string.Equals(settings["CardRules"], "cielo", StringComparison.OrdinalIgnoreCase) ? CardRuleSet.Cielo : CardRuleSet.InfraPsp,
    });
}
