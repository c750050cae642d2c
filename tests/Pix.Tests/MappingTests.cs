using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.Pix.Tests;

/// <summary>Identifiers, the charge body, devedor, solicitacaoPagador, expiry, the wire's shapes.</summary>
public sealed class MappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewProviderReference_PaymentId_IsTheIdWithoutUnderscore()
    {
        var txid = new PixConnector().NewProviderReference("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C");

        Assert.Equal("pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", txid);
        Assert.Equal(29, txid.Length);
        Assert.Equal("ref01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", new PixConnector().NewProviderReference("ref_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"));
    }

    [Fact]
    public void NewProviderReference_ShortOrLong_IsPaddedOrRefused()
    {
        Assert.Equal("po1" + new string('0', 23), new PixConnector().NewProviderReference("po_1"));
        Assert.Throws<ArgumentException>(() => new PixConnector().NewProviderReference("pay_" + new string('A', 40)));
    }

    [Theory]
    [InlineData("123.456.789-09", "12345678909", null)]
    [InlineData("12345678000195", null, "12345678000195")]
    public void Devedor_ElevenOrFourteenDigits_IsCpfOrCnpjNeverBoth(string document, string? cpf, string? cnpj)
    {
        var devedor = PixMapping.Devedor(new PaymentPayer { DocumentNumber = document, Name = "Fulano" });

        Assert.Equal(cpf, devedor!.Cpf);
        Assert.Equal(cnpj, devedor.Cnpj);
        Assert.Equal("Fulano", devedor.Nome);
    }

    [Fact]
    public void Devedor_OtherLength_IsAProblem_AndNoDocumentIsNoDevedor()
    {
        Assert.Null(PixMapping.DevedorOf(new PaymentPayer { DocumentNumber = "1234" }, out var problem));
        Assert.NotNull(problem);
        Assert.Null(PixMapping.DevedorOf(new PaymentPayer(), out var none));
        Assert.Null(none);
    }

    [Fact]
    public void ToCob_PayerRequest_WinsOverTheDescriptionAndIsCutTo140()
    {
        var request = TestSupport.Payment(description: "Pedido 123", payerRequest: new string('x', 150) + "\nfim") with
        {
            ExpiresAt = Now.AddMinutes(30),
        };

        var body = PixMapping.ToCob(request, Options(), Now);
        var json = JsonSerializer.Serialize(body, PixJsonContext.Default.PixCobRequest);

        Assert.Equal(new string('x', 140), body.SolicitacaoPagador);
        Assert.Equal(1800, body.Calendario.Expiracao);
        Assert.Equal("10.10", body.Valor.Original);
        Assert.Equal(TestSupport.PixKey, body.Chave);
        Assert.Contains("\"devedor\":{\"cpf\":\"12345678909\",\"nome\":\"Francisco da Silva\"}", json, StringComparison.Ordinal);
        Assert.DoesNotContain("cnpj", json, StringComparison.Ordinal);
        Assert.Contains("\"modalidadeAlteracao\":0", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCob_NoExpiryNoOption_UsesTheDefaultAndTheDescription()
    {
        var body = PixMapping.ToCob(TestSupport.Payment(amount: 12345), Options(), Now);

        Assert.Equal(86400, body.Calendario.Expiracao);
        Assert.Equal("Pedido 123", body.SolicitacaoPagador);
        Assert.Equal("123.45", body.Valor.Original);
    }

    [Fact]
    public void WebhookUrl_CarriesTheTokenAndAnEmptyIgnorar() => Assert.Equal(
        "https://hub.example.com/v1/callbacks/pix/ca_1?hmac=a%2Bb%2Fc&ignorar=",
        PixWebhooks.WebhookUrl(new Uri("https://hub.example.com/v1/callbacks/pix/ca_1"), "a+b/c"));

    [Fact]
    public void Received_DevolucoesAsObjectOrArray_BothRead()
    {
        const string one = """{"pix":[{"endToEndId":"E1","txid":"t","valor":"1.00","devolucoes":{"id":"D1","valor":"0.50","status":"DEVOLVIDO"}}]}""";
        const string many = """{"pix":[{"endToEndId":"E1","txid":"t","valor":"1.00","devolucoes":[{"id":"D1","status":"DEVOLVIDO"},{"id":"D2","status":"EM_PROCESSAMENTO"}]}]}""";

        var a = JsonSerializer.Deserialize(one, PixJsonContext.Default.PixWebhook)!.Pix![0].Devolucoes!;
        var b = JsonSerializer.Deserialize(many, PixJsonContext.Default.PixWebhook)!.Pix![0].Devolucoes!;

        Assert.Equal("D1", Assert.Single(a).Id);
        Assert.Equal(["D1", "D2"], b.Select(d => d.Id));
    }

    [Fact]
    public void Problem_Type_GivesTheCode()
    {
        var problem = JsonSerializer.Deserialize(
            """{"type":"https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida","title":"Cobrança inválida.","status":400,"violacoes":[{"razao":"r","propriedade":"cob.txid"}]}""",
            PixJsonContext.Default.PixProblem)!;

        Assert.Equal("CobOperacaoInvalida", problem.Code);
        Assert.Equal("cob.txid", problem.Violacoes![0].Propriedade);
    }

    [Fact]
    public void FromCob_AtivaPastCriacaoPlusExpiracao_IsExpired()
    {
        var cob = new PixCob
        {
            Status = "ATIVA",
            Calendario = new PixCalendario { Criacao = "2026-12-02T00:00:00.000Z", Expiracao = 60 },
            Loc = new PixLoc { Location = "pix.example.com/qr/v2/x" },
            Valor = new PixValor { Original = "10.10" },
        };

        var before = PixResults.FromCob(cob, Options(), Now.AddSeconds(59), null);
        var after = PixResults.FromCob(cob, Options(), Now.AddSeconds(60), null);

        Assert.Equal(PaymentStatus.Pending, before.Status);
        Assert.Equal(NextActionType.PixQr, before.NextAction!.Type);
        Assert.Equal(Now.AddSeconds(60), before.NextAction.ExpiresAt);
        Assert.Equal(PaymentStatus.Expired, after.Status);
        Assert.Equal(FailureCode.Expired, after.Failure!.Code);
        Assert.Null(after.NextAction);
    }

    [Fact]
    public void ValidateAccount_LiveWithoutCertificate_IsRefused()
    {
        var live = TestSupport.Account(new Uri("https://psp.example.com/api/v2"), environment: ConnectorEnvironment.Live);
        var withCertificate = live with
        {
            Credentials = new Dictionary<string, string>(live.Credentials) { ["clientCertificate"] = "MIIC" },
        };

        var error = Assert.Single(new PixConnector().ValidateAccount(live));
        Assert.Equal("credentials.clientCertificate", error.Field);
        Assert.Empty(new PixConnector().ValidateAccount(withCertificate));
        Assert.Equal(ClientCertificateUse.Optional, new PixConnector().Descriptor.Account.ClientCertificate);
    }

    private static PixOptions Options() => PixOptions.From(TestSupport.Account(new Uri("http://127.0.0.1:1")));
}
