using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Hub.Callbacks;
using Hub.Common;
using Hub.Idempotency;

namespace Hub.Bench;

/// <summary>
/// What the hub adds to every create and every callback, each next to the cheapest thing that does the same job
/// (the baseline, one per category): the ratio says what the hub's choice costs. Regression guards, from the first
/// run (bench/README.md): fingerprint ≤ 10× a raw SHA-256, redaction ≤ 150× a plain decode, prefixed id ≤ 10×
/// Guid.ToString. All three stay in microseconds, far below the database write each request makes anyway.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RequestPathBenchmarks
{
    private static readonly byte[] CreateBody = Encoding.UTF8.GetBytes(
        """{"amount":5000,"currency":"XAF","method":"mobile_money","provider":"mtn_momo","payer":{"phone":"+237 6 71 23 45 67","name":"Ada N.","email":"ada@example.cm"},"description":"Order 123","externalId":"order-123","metadata":{"cart":"42","channel":"app"},"expiresInSeconds":3600}""");

    private static readonly byte[] CallbackBody = Encoding.UTF8.GetBytes(
        """{"financialTransactionId":"1530828708","externalId":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","amount":"5000","currency":"XAF","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"Order 123","payeeNote":"Order 123","status":"SUCCESSFUL"}""");

    private static readonly Guid Id = Guid.CreateVersion7();

    [Benchmark(Baseline = true, Description = "baseline: SHA-256 of the raw create body")]
    [BenchmarkCategory("fingerprint")]
    public byte[] RawHash() => SHA256.HashData(CreateBody);

    [Benchmark(Description = "idempotency fingerprint (canonical JSON)")]
    [BenchmarkCategory("fingerprint")]
    public byte[] Fingerprint() => IdempotencyGate.Fingerprint("POST", "/v1/payments", CreateBody);

    [Benchmark(Baseline = true, Description = "baseline: UTF-8 decode of a callback")]
    [BenchmarkCategory("redact")]
    public string Decode() => Encoding.UTF8.GetString(CallbackBody);

    [Benchmark(Description = "callback redaction (masking, card and secret scan)")]
    [BenchmarkCategory("redact")]
    public string Redact() => CallbackRedactor.Body(CallbackBody);

    [Benchmark(Baseline = true, Description = "baseline: Guid.ToString")]
    [BenchmarkCategory("id")]
    public string GuidText() => Id.ToString();

    [Benchmark(Description = "prefixed Crockford id (pay_…)")]
    [BenchmarkCategory("id")]
    public string PublicIdText() => PublicId.Format(PublicId.Payment, Id);
}
