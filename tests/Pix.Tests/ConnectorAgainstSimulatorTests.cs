using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;
using Simulators.Pix;

namespace Connectors.Pix.Tests;

/// <summary>
/// The connector against the Pix simulator, on one fake clock: the sandbox rules (1010 paid after 10 s, 1001 removed,
/// fail_on_create), the BR Code, expiry, cancel, devoluções (partial, repeated, over the value, read first after a
/// timeout), payouts, resumed creates and revisions; and what the simulator received.
/// </summary>
public sealed class ConnectorAgainstSimulatorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly PixSimulator _simulator;
    private readonly PixConnector _connector = new();
    private readonly Dictionary<string, string> _saved = [];

    public ConnectorAgainstSimulatorTests()
    {
        _simulator = PixSimulator.Start(new PixSimulatorOptions { Port = 0, Clock = _clock });
    }

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task Amount1010_PendingWithAValidBrCode_PaidTenSecondsLater()
    {
        var payment = TestSupport.Payment(1010, payerRequest: "Pedido 123 — obrigado");

        var created = await CreateAsync(payment);
        _clock.Advance(TimeSpan.FromSeconds(9));
        var early = await StatusAsync(payment, created);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var paid = await StatusAsync(payment, created);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal("ATIVA", created.ProviderStatus);
        var action = created.NextAction!;
        Assert.Equal(NextActionType.PixQr, action.Type);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-10).AddSeconds(86400), action.ExpiresAt);
        var record = _simulator.Find(payment.ProviderReference)!;
        var fields = BrCodeTests.Tlv.Parse(action.QrCode!);
        Assert.Equal("10.10", fields["54"]);
        Assert.Equal("986", fields["53"]);
        Assert.Equal("BR", fields["58"]);
        Assert.Equal("Padaria Sao Joao", fields["59"]);
        Assert.Equal("Sao Paulo", fields["60"]);
        Assert.Equal(record.Location, BrCodeTests.Tlv.Parse(fields["26"])["25"]);
        Assert.Equal(PixBrCode.Crc16(action.QrCode![..^4]), fields["63"]);
        Assert.Equal(PaymentStatus.Pending, early.Status);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal("CONCLUIDA", paid.ProviderStatus);
        Assert.Equal(record.EndToEndId, paid.ProviderTransactionId);
        Assert.Matches("^E[0-9]{8}[0-9]{12}[a-zA-Z0-9]{11}$", paid.ProviderTransactionId!);
        // What the PSP received: the txid from the payment id, devedor cpf, the option as solicitacaoPagador.
        Assert.Equal(payment.PaymentId.Replace("_", "", StringComparison.Ordinal), record.Reference);
        Assert.Equal("12345678909", record.DevedorCpf);
        Assert.Null(record.DevedorCnpj);
        Assert.Equal("Pedido 123 — obrigado", record.SolicitacaoPagador);
        Assert.Equal(TestSupport.PixKey, record.Chave);
        Assert.Equal(86400, record.Expiracao);
    }

    [Fact]
    public async Task Amount1001_AcceptedThenRemovedByThePsp_Failed()
    {
        var payment = TestSupport.Payment(1001, document: "12345678000195");

        var created = await CreateAsync(payment);
        var status = await StatusAsync(payment, created);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(PaymentStatus.Failed, status.Status);
        Assert.Equal(FailureCode.ProviderError, status.Failure!.Code);
        Assert.Equal("REMOVIDA_PELO_PSP", status.Failure.ProviderCode);
        Assert.Equal("12345678000195", _simulator.Find(payment.ProviderReference)!.DevedorCnpj);
    }

    [Fact]
    public async Task PayerRequestFailOnCreate_FailedAtCreation_NothingStored()
    {
        var payment = TestSupport.Payment(1010, payerRequest: "fail_on_create");

        var created = await CreateAsync(payment);

        Assert.Equal(PaymentStatus.Failed, created.Status);
        Assert.Equal("CobOperacaoInvalida", created.Failure!.ProviderCode);
        Assert.Null(_simulator.Find(payment.ProviderReference));
    }

    [Fact]
    public async Task ExpiresAt_AtivaPastItsExpiry_Expired()
    {
        var payment = TestSupport.Payment(1010, expiresAt: _clock.GetUtcNow().AddMinutes(1));
        _simulator.AddOverride(new SimOverride<PixOverrideOutcome>
        {
            Match = new OverrideMatch { Reference = payment.ProviderReference },
            Outcome = new PixOverrideOutcome { Status = "ATIVA" },
        });

        var created = await CreateAsync(payment);
        _clock.Advance(TimeSpan.FromSeconds(60));
        var expired = await StatusAsync(payment, created);

        Assert.Equal(60, _simulator.Find(payment.ProviderReference)!.Expiracao);
        Assert.Equal(_clock.GetUtcNow(), created.NextAction!.ExpiresAt);
        Assert.Equal(PaymentStatus.Expired, expired.Status);
        Assert.Equal("ATIVA", expired.ProviderStatus);
    }

    [Fact]
    public async Task Cancel_Ativa_Canceled_AndAPaidOneStaysPaid()
    {
        var pending = TestSupport.Payment(1010);
        var paid = TestSupport.Payment(1000);
        await CreateAsync(pending);
        await CreateAsync(paid);

        var canceled = await CancelAsync(pending);
        var refused = await CancelAsync(paid);

        Assert.Equal(PaymentStatus.Canceled, canceled.Status);
        Assert.Equal("REMOVIDA_PELO_USUARIO_RECEBEDOR", canceled.ProviderStatus);
        Assert.Equal(PaymentStatus.Paid, refused.Status);
        Assert.Equal(PaymentStatus.Canceled, (await StatusAsync(pending, null)).Status);
    }

    [Fact]
    public async Task Refunds_PartialAndRepeated_ThenOverTheValueRefused()
    {
        var (payment, paid) = await PaidAsync(1010);

        var first = await RefundAsync(payment, paid, 500);
        var second = await RefundAsync(payment, paid, 400);
        var odd = await RefundAsync(payment, paid, 101);
        var over = await RefundAsync(payment, paid, 200);
        var firstDone = await RefundStatusAsync(first.Request, first.Result, paid);
        var secondDone = await RefundStatusAsync(second.Request, second.Result, paid);
        var oddDone = await RefundStatusAsync(odd.Request, odd.Result, paid);

        Assert.Equal(TransferStatus.Pending, first.Result.Status);
        Assert.Equal("EM_PROCESSAMENTO", first.Result.ProviderStatus);
        Assert.StartsWith("D", first.Result.ProviderTransactionId, StringComparison.Ordinal);
        Assert.Equal(TransferStatus.Completed, firstDone.Status);
        Assert.Equal("DEVOLVIDO", firstDone.ProviderStatus);
        Assert.Equal(TransferStatus.Completed, secondDone.Status);
        Assert.Equal(TransferStatus.Pending, odd.Result.Status);
        Assert.Equal(TransferStatus.Failed, oddDone.Status);
        Assert.Equal("NAO_REALIZADO", oddDone.Failure!.ProviderCode);
        Assert.Equal(TransferStatus.Failed, over.Result.Status);
        Assert.Equal("PixDevolucaoInvalida", over.Result.Failure!.ProviderCode);
        var record = _simulator.Find(payment.ProviderReference)!;
        Assert.Equal(900, record.RefundedMinor(_clock.GetUtcNow()));
        Assert.Equal(first.Request.ProviderReference, record.Devolucoes[0].Reference);
        Assert.Equal(first.Request.RefundId.Replace("_", "", StringComparison.Ordinal), first.Request.ProviderReference);
    }

    [Fact]
    public async Task Refund_EvenAmount_PendingThenCompletedAfterItsDelay()
    {
        var (payment, paid) = await PaidAsync(1010);

        var (request, refund) = await RefundAsync(payment, paid, 510);
        var pending = await RefundStatusAsync(request, refund, paid);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var done = await RefundStatusAsync(request, refund, paid);

        Assert.Equal(TransferStatus.Pending, refund.Status);
        Assert.Equal(TransferStatus.Pending, pending.Status);
        Assert.Equal(TransferStatus.Completed, done.Status);
    }

    [Fact]
    public async Task Refund_TimedOut_RetryReadsFirstAndSendsNoSecondPut()
    {
        var (payment, paid) = await PaidAsync(1010);
        _simulator.AddFault(new SimFault { Path = "/pix/", Method = "PUT", Kind = FaultKind.Timeout, CommitThenFail = true });
        var refundId = "ref_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        var request = RefundRequest(payment, paid, refundId, 500);

        var lost = await _connector.RefundAsync(Context(TimeSpan.FromSeconds(1), refundId), request, CancellationToken.None);
        var retried = await _connector.RefundAsync(Context(key: refundId), request with { ConnectorData = _saved[refundId] },
            CancellationToken.None);

        // WireMock writes a held request's log entry only once the hold ends, after the client gave up: wait for it.
        static bool IsPut(WireMock.Logging.ILogEntry e) =>
            e.RequestMessage!.Method == "PUT" && e.RequestMessage.Path.Contains("/devolucao/", StringComparison.Ordinal);
        for (var i = 0; i < 100 && !_simulator.Server.LogEntries.Any(IsPut); i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(OperationOutcome.Completed, retried.Outcome);
        Assert.Equal("DEVOLVIDO", retried.ProviderStatus);
        Assert.Single(_simulator.Server.LogEntries, IsPut);
    }

    [Fact]
    public async Task Payout_ToAPixKey_CompletedAfterItsDelay_AndWithoutAKeyRefused()
    {
        var payoutId = "po_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        var request = new PayoutRequest
        {
            PayoutId = payoutId,
            ProviderReference = _connector.NewProviderReference(payoutId),
            Amount = new Money(2020, Currency.BRL),
            Method = PaymentMethod.Pix,
            Recipient = new PayoutRecipient { PixKey = "fulano@example.com", Name = "Fulano" },
        };

        var sent = await _connector.CreatePayoutAsync(Context(), request, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(20));
        var status = await _connector.GetPayoutStatusAsync(Context(), new TransferStatusRequest
        {
            Id = payoutId, ProviderReference = request.ProviderReference, Amount = request.Amount, ConnectorData = sent.ConnectorData,
        }, CancellationToken.None);
        var noKey = await _connector.CreatePayoutAsync(Context(), request with { Recipient = new PayoutRecipient { Phone = "+5511999998888" } },
            CancellationToken.None);

        Assert.Equal(TransferStatus.Pending, sent.Status);
        Assert.Equal(TransferStatus.Completed, status.Status);
        Assert.Equal("REALIZADO", status.ProviderStatus);
        var record = _simulator.Find(request.ProviderReference)!;
        Assert.Equal("fulano@example.com", record.Favorecido);
        Assert.Equal(TestSupport.PixKey, record.Chave);
        Assert.Equal("20.20", record.Valor);
        Assert.Equal(TransferStatus.Failed, noKey.Status);
        Assert.Equal(FailureCode.InvalidAccount, noKey.Failure!.Code);
    }

    [Fact]
    public async Task ResumedCreate_ReadsTheChargeFirst_AndAPlainRepeatRevisesIt()
    {
        var payment = TestSupport.Payment(1010);
        var created = await CreateAsync(payment);

        var resumed = await _connector.CreatePaymentAsync(Context(), payment with { ConnectorData = created.ConnectorData }, CancellationToken.None);
        var repeated = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, resumed.Status);
        Assert.Equal(PaymentStatus.Pending, repeated.Status);
        Assert.Equal(1, _simulator.Find(payment.ProviderReference)!.Revisao);
        Assert.Equal(2, _simulator.Server.LogEntries.Count(e => e.RequestMessage!.Method == "PUT" && e.RequestMessage.Path.StartsWith("/cob/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WebhookRegisteredOncePerAccount_WithTheTokenAndIgnorar()
    {
        await CreateAsync(TestSupport.Payment(1010));
        await CreateAsync(TestSupport.Payment(1012));

        Assert.Single(_simulator.Server.LogEntries, e => e.RequestMessage!.Path.StartsWith("/webhook/", StringComparison.Ordinal));
        Assert.Equal($"{TestSupport.CallbackUrl}?hmac={TestSupport.CallbackSecret}&ignorar=", _simulator.WebhookUrl(TestSupport.PixKey));
    }

    [Fact]
    public async Task BadClientSecret_FailedAtCreation_NothingStored()
    {
        var payment = TestSupport.Payment(1010);
        var account = TestSupport.Account(new Uri(_simulator.Url), clientSecret: "invalid");

        var created = await _connector.CreatePaymentAsync(TestSupport.Context(_simulator.Url, _clock, account), payment, CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, created.Status);
        Assert.Equal("invalid_client", created.Failure!.ProviderCode);
        Assert.Null(_simulator.Find(payment.ProviderReference));
    }

    [Fact]
    public async Task UndocumentedStatus_Throws()
    {
        var payment = TestSupport.Payment(1010);
        _simulator.AddOverride(new SimOverride<PixOverrideOutcome>
        {
            Match = new OverrideMatch { Reference = payment.ProviderReference },
            Outcome = new PixOverrideOutcome { Status = "EM_ANALISE" },
        });
        var created = await CreateAsync(payment);

        await Assert.ThrowsAsync<UnknownProviderStatusException>(() => StatusAsync(payment, created));
    }

    [Fact]
    public async Task SimulatorControls_PayByHand_AndRfc7807Violations()
    {
        var payment = TestSupport.Payment(1010);
        _simulator.AddOverride(new SimOverride<PixOverrideOutcome>
        {
            Match = new OverrideMatch { Reference = payment.ProviderReference },
            Outcome = new PixOverrideOutcome { Status = "ATIVA" },
        });
        var created = await CreateAsync(payment);
        using var http = new HttpClient { BaseAddress = new Uri(_simulator.Url) };

        using var pay = await http.PostAsync(new Uri($"/__sim/transactions/{payment.ProviderReference}/pay", UriKind.Relative), null);
        var paid = await StatusAsync(payment, created);
        using var bad = await http.PutAsync(new Uri("/cob/short", UriKind.Relative), new StringContent("{}"));
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)pay.StatusCode);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal(401, (int)bad.StatusCode);
        Assert.Equal("https://pix.bcb.gov.br/api/v2/error/AcessoNegado", problem["type"]!.GetValue<string>());
    }

    private async Task<(CreatePaymentRequest Payment, PaymentResult Paid)> PaidAsync(long amount)
    {
        var payment = TestSupport.Payment(amount);
        var created = await CreateAsync(payment);
        _clock.Advance(TimeSpan.FromSeconds(amount % 100));
        var paid = await StatusAsync(payment, created);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        return (payment, paid);
    }

    private RefundRequest RefundRequest(CreatePaymentRequest payment, PaymentResult paid, string refundId, long amount) => new()
    {
        RefundId = refundId,
        ProviderReference = _connector.NewProviderReference(refundId),
        PaymentProviderReference = payment.ProviderReference,
        PaymentProviderTransactionId = paid.ProviderTransactionId,
        Amount = new Money(amount, Currency.BRL),
        PaymentAmount = payment.Amount,
        Reason = "Cliente desistiu",
        PaymentConnectorData = paid.ConnectorData,
    };

    private async Task<(RefundRequest Request, TransferResult Result)> RefundAsync(CreatePaymentRequest payment, PaymentResult paid, long amount)
    {
        var refundId = "ref_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        var request = RefundRequest(payment, paid, refundId, amount);
        return (request, await _connector.RefundAsync(Context(key: refundId), request, CancellationToken.None));
    }

    private Task<TransferResult> RefundStatusAsync(RefundRequest request, TransferResult refund, PaymentResult paid) =>
        _connector.GetRefundStatusAsync(Context(), new TransferStatusRequest
        {
            Id = request.RefundId,
            ProviderReference = request.ProviderReference,
            ProviderTransactionId = refund.ProviderTransactionId,
            Amount = request.Amount,
            ConnectorData = refund.ConnectorData,
            PaymentProviderReference = request.PaymentProviderReference,
            PaymentProviderTransactionId = paid.ProviderTransactionId,
        }, CancellationToken.None);

    private Task<PaymentResult> CreateAsync(CreatePaymentRequest payment) =>
        _connector.CreatePaymentAsync(Context(key: payment.PaymentId), payment, CancellationToken.None);

    private Task<PaymentResult> StatusAsync(CreatePaymentRequest payment, PaymentResult? last) =>
        _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment, last), CancellationToken.None);

    private Task<PaymentResult> CancelAsync(CreatePaymentRequest payment) =>
        _connector.CancelPaymentAsync(Context(), new CancelPaymentRequest
        {
            PaymentId = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            PaymentAmount = payment.Amount,
            Status = PaymentStatus.Pending,
        }, CancellationToken.None);

    private ConnectorContext Context(TimeSpan? timeout = null, string? key = null) =>
        TestSupport.Context(_simulator.Url, _clock, timeout: timeout,
            save: key is null ? null : (data, _) =>
            {
                _saved[key] = data;
                return Task.CompletedTask;
            });
}
