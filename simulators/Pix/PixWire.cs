using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Kit;
using WireMock;

namespace Simulators.Pix;

/// <summary>The API Pix's wire format (PROVIDERS §7): charges, devoluções, payouts, RFC 7807 errors, the BR Code.</summary>
public static class PixWire
{
    public const string ErrorTypeBase = "https://pix.bcb.gov.br/api/v2/error/";

    /// <summary>The ISPB the simulated payers' bank uses in endToEndIds and rtrIds.</summary>
    public const string PayerIspb = "60701190";

    /// <summary>"2020-09-09T20:15:00.358Z".</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reais from minor units, "10.10".</summary>
    public static string Valor(long minor) =>
        (minor / 100).ToString(CultureInfo.InvariantCulture) + "." + (minor % 100).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>A "\d{1,10}\.\d{2}" amount in minor units, or null.</summary>
    public static long? ParseValor(string? text)
    {
        if (text is null || text.Length < 4 || text.Length > 13 || text[^3] != '.'
            || !text.Remove(text.Length - 3, 1).All(char.IsAsciiDigit))
        {
            return null;
        }

        return long.Parse(text.Remove(text.Length - 3, 1), CultureInfo.InvariantCulture);
    }

    /// <summary>"E" + ISPB + UTC yyyyMMddHHmm + 11 characters, stable for the reference (prefix "D" for an rtrId).</summary>
    public static string EndToEndId(string reference, DateTimeOffset at, char prefix = 'E')
    {
        var tail = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prefix + reference)))[..11];
        return prefix + PayerIspb + at.ToUniversalTime().ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) + tail;
    }

    /// <summary>An RFC 7807 problem with BCB's type, and its violações.</summary>
    public static ResponseMessage Problem(int status, string type, string title, string detail,
        params (string Razao, string Propriedade, string? Valor)[] violacoes)
    {
        var reply = SimWire.Raw(status, Write(json =>
        {
            json.WriteString("type", ErrorTypeBase + type);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteString("correlationId", Guid.NewGuid().ToString());
            if (violacoes.Length > 0)
            {
                json.WriteStartArray("violacoes");
                foreach (var (razao, propriedade, valor) in violacoes)
                {
                    json.WriteStartObject();
                    json.WriteString("razao", razao);
                    json.WriteString("propriedade", propriedade);
                    if (valor is not null)
                    {
                        json.WriteString("valor", valor);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }
        }), "application/problem+json; charset=utf-8");
        return reply;
    }

    public static ResponseMessage Invalid(string type, string detail, string propriedade, string razao, string? valor = null) =>
        Problem(400, type, type switch
        {
            "CobOperacaoInvalida" => "Cobrança inválida.",
            "PixDevolucaoInvalida" => "Devolução inválida.",
            _ => "Requisição inválida.",
        }, detail, (razao, propriedade, valor));

    public static ResponseMessage Denied() => Problem(401, "AcessoNegado", "Acesso Negado",
        "Requisição de participante autenticado que viola alguma regra de autorização: token ausente, inválido ou expirado.");

    public static ResponseMessage CobNotFound() =>
        Problem(404, "CobNaoEncontrado", "Cobrança não encontrada.", "Cobrança não encontrada para o txid informado.");

    /// <summary>The charge as PUT, GET and PATCH answer it.</summary>
    /// <summary><paramref name="initial"/>: the creation reply, which shows ATIVA whatever follows.</summary>
    public static string Cob(PixRecord cob, DateTimeOffset now, bool initial = false) => Write(json =>
    {
        var status = initial ? cob.InitialStatus : cob.StatusAt(now);
        json.WriteStartObject("calendario");
        json.WriteString("criacao", Time(cob.CreatedAt));
        json.WriteNumber("expiracao", cob.Expiracao);
        json.WriteEndObject();
        json.WriteString("txid", cob.Reference);
        json.WriteNumber("revisao", cob.Revisao);
        json.WriteStartObject("loc");
        json.WriteNumber("id", cob.LocId);
        json.WriteString("location", cob.Location);
        json.WriteString("tipoCob", "cob");
        json.WriteEndObject();
        json.WriteString("location", cob.Location);
        json.WriteString("status", status);
        if (cob.DevedorCpf is not null || cob.DevedorCnpj is not null)
        {
            json.WriteStartObject("devedor");
            if (cob.DevedorCpf is not null)
            {
                json.WriteString("cpf", cob.DevedorCpf);
            }
            else
            {
                json.WriteString("cnpj", cob.DevedorCnpj);
            }

            json.WriteString("nome", cob.DevedorNome);
            json.WriteEndObject();
        }

        json.WriteStartObject("valor");
        json.WriteString("original", cob.Valor);
        json.WriteNumber("modalidadeAlteracao", 0);
        json.WriteEndObject();
        json.WriteString("chave", cob.Chave);
        if (cob.SolicitacaoPagador is not null)
        {
            json.WriteString("solicitacaoPagador", cob.SolicitacaoPagador);
        }

        json.WriteString("pixCopiaECola", cob.PixCopiaECola);
        if (status == "CONCLUIDA")
        {
            json.WriteStartArray("pix");
            Received(json, cob, now, cob.Devolucoes);
            json.WriteEndArray();
        }
    });

    /// <summary>One received Pix (in a charge's <c>pix</c> and in the webhook), with the given devoluções.</summary>
    public static void Received(Utf8JsonWriter json, PixRecord cob, DateTimeOffset now, IEnumerable<PixRecord> devolucoes)
    {
        json.WriteStartObject();
        json.WriteString("endToEndId", cob.EndToEndId);
        json.WriteString("txid", cob.Reference);
        json.WriteString("valor", cob.Valor);
        json.WriteString("horario", Time(cob.SettledAt(now) ?? now));
        var list = devolucoes.ToList();
        if (list.Count > 0)
        {
            json.WriteStartArray("devolucoes");
            foreach (var devolucao in list)
            {
                DevolucaoBody(json, devolucao, now);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    public static string Devolucao(PixRecord devolucao, DateTimeOffset now, bool initial = false) =>
        Write(json => DevolucaoFields(json, devolucao, now, initial));

    public static string Envio(PixRecord envio, DateTimeOffset now, bool initial = false) => Write(json =>
    {
        var status = initial ? envio.InitialStatus : envio.StatusAt(now);
        json.WriteString("idEnvio", envio.Reference);
        json.WriteString("e2eId", envio.EndToEndId);
        json.WriteString("valor", envio.Valor);
        json.WriteStartObject("horario");
        json.WriteString("solicitacao", Time(envio.CreatedAt));
        json.WriteEndObject();
        json.WriteString("status", status);
        json.WriteStartObject("pagador");
        json.WriteString("chave", envio.Chave);
        json.WriteEndObject();
        json.WriteStartObject("favorecido");
        json.WriteString("chave", envio.Favorecido);
        json.WriteEndObject();
    });

    /// <summary>
    /// The dynamic BR Code the PSP shows as pixCopiaECola (the connector builds its own from the location): EMV TLV,
    /// CRC16-CCITT-FALSE over everything up to "6304", uppercase.
    /// </summary>
    public static string BrCode(string location, string name, string city, string? valor)
    {
        static string Tlv(string id, string value) => id + value.Length.ToString("D2", CultureInfo.InvariantCulture) + value;
        var text = new StringBuilder()
            .Append(Tlv("00", "01")).Append(Tlv("01", "12"))
            .Append(Tlv("26", Tlv("00", "br.gov.bcb.pix") + Tlv("25", location)))
            .Append(Tlv("52", "0000")).Append(Tlv("53", "986"));
        if (valor is not null)
        {
            text.Append(Tlv("54", valor));
        }

        text.Append(Tlv("58", "BR")).Append(Tlv("59", name)).Append(Tlv("60", city)).Append(Tlv("62", Tlv("05", "***"))).Append("6304");
        return text.Append(Crc16(text.ToString())).ToString();
    }

    public static string Crc16(string text)
    {
        var crc = 0xFFFF;
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++)
            {
                crc = ((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1) & 0xFFFF;
            }
        }

        return crc.ToString("X4", CultureInfo.InvariantCulture);
    }

    public static string Write(Action<Utf8JsonWriter> fields)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SimWire.Json.Encoder }))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void DevolucaoBody(Utf8JsonWriter json, PixRecord devolucao, DateTimeOffset now)
    {
        json.WriteStartObject();
        DevolucaoFields(json, devolucao, now);
        json.WriteEndObject();
    }

    private static void DevolucaoFields(Utf8JsonWriter json, PixRecord devolucao, DateTimeOffset now, bool initial = false)
    {
        var status = initial ? devolucao.InitialStatus : devolucao.StatusAt(now);
        json.WriteString("id", devolucao.Reference);
        json.WriteString("rtrId", devolucao.RtrId);
        json.WriteString("valor", devolucao.Valor);
        json.WriteString("natureza", "ORIGINAL");
        if (devolucao.Descricao is not null)
        {
            json.WriteString("descricao", devolucao.Descricao);
        }

        json.WriteStartObject("horario");
        json.WriteString("solicitacao", Time(devolucao.CreatedAt));
        if (status == "DEVOLVIDO" && devolucao.SettledAt(now) is { } settled)
        {
            json.WriteString("liquidacao", Time(settled));
        }

        json.WriteEndObject();
        json.WriteString("status", status);
        if (status == "NAO_REALIZADO")
        {
            json.WriteString("motivo", devolucao.Motivo ?? "Devolução não realizada");
        }
    }
}
