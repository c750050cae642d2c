using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Pix;

/// <summary>The body of <c>PUT /cob/{txid}</c>.</summary>
internal sealed record PixCobRequest
{
    [JsonPropertyName("calendario")]
    public required PixCalendario Calendario { get; init; }

    [JsonPropertyName("devedor")]
    public PixDevedor? Devedor { get; init; }

    [JsonPropertyName("valor")]
    public required PixValor Valor { get; init; }

    [JsonPropertyName("chave")]
    public required string Chave { get; init; }

    /// <summary>At most 140 characters; the payer sees it.</summary>
    [JsonPropertyName("solicitacaoPagador")]
    public string? SolicitacaoPagador { get; init; }
}

/// <summary><c>calendario</c>: <c>expiracao</c> in seconds; <c>criacao</c> in replies.</summary>
internal sealed record PixCalendario
{
    [JsonPropertyName("criacao")]
    public string? Criacao { get; init; }

    [JsonPropertyName("expiracao")]
    public int? Expiracao { get; init; }
}

/// <summary><c>devedor</c>: <c>cpf</c> (11 digits) or <c>cnpj</c> (14), never both, and <c>nome</c>.</summary>
internal sealed record PixDevedor
{
    [JsonPropertyName("cpf")]
    public string? Cpf { get; init; }

    [JsonPropertyName("cnpj")]
    public string? Cnpj { get; init; }

    [JsonPropertyName("nome")]
    public string? Nome { get; init; }
}

/// <summary><c>valor</c>: <c>original</c> in reais ("123.45"); <c>modalidadeAlteracao</c> 0 = the payer cannot change it.</summary>
internal sealed record PixValor
{
    [JsonPropertyName("original")]
    public string? Original { get; init; }

    [JsonPropertyName("modalidadeAlteracao")]
    public int? ModalidadeAlteracao { get; init; }
}

/// <summary><c>loc</c>: the payload location the dynamic BR Code points at.</summary>
internal sealed record PixLoc
{
    [JsonPropertyName("id")]
    public long? Id { get; init; }

    [JsonPropertyName("location")]
    public string? Location { get; init; }

    [JsonPropertyName("tipoCob")]
    public string? TipoCob { get; init; }
}

/// <summary>A charge as <c>PUT</c>, <c>GET</c> and <c>PATCH /cob/{txid}</c> answer it.</summary>
internal sealed record PixCob
{
    [JsonPropertyName("calendario")]
    public PixCalendario? Calendario { get; init; }

    [JsonPropertyName("txid")]
    public string? Txid { get; init; }

    [JsonPropertyName("revisao")]
    public int? Revisao { get; init; }

    [JsonPropertyName("loc")]
    public PixLoc? Loc { get; init; }

    [JsonPropertyName("location")]
    public string? Location { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("valor")]
    public PixValor? Valor { get; init; }

    [JsonPropertyName("chave")]
    public string? Chave { get; init; }

    [JsonPropertyName("pixCopiaECola")]
    public string? PixCopiaECola { get; init; }

    [JsonPropertyName("pix")]
    public IReadOnlyList<PixReceived>? Pix { get; init; }
}

/// <summary>A Pix received for a charge (in <c>pix</c> of a charge, and of the webhook).</summary>
internal sealed record PixReceived
{
    [JsonPropertyName("endToEndId")]
    public string? EndToEndId { get; init; }

    [JsonPropertyName("txid")]
    public string? Txid { get; init; }

    [JsonPropertyName("valor")]
    public string? Valor { get; init; }

    [JsonPropertyName("horario")]
    public string? Horario { get; init; }

    /// <summary>An array, or (some PSPs' webhooks) a single object.</summary>
    [JsonPropertyName("devolucoes")]
    [JsonConverter(typeof(PixDevolucoesConverter))]
    public IReadOnlyList<PixDevolucao>? Devolucoes { get; init; }
}

/// <summary>A devolução (refund of a received Pix).</summary>
internal sealed record PixDevolucao
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("rtrId")]
    public string? RtrId { get; init; }

    [JsonPropertyName("valor")]
    public string? Valor { get; init; }

    [JsonPropertyName("natureza")]
    public string? Natureza { get; init; }

    [JsonPropertyName("descricao")]
    public string? Descricao { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("motivo")]
    public string? Motivo { get; init; }
}

/// <summary>The body of <c>PUT /pix/{e2eid}/devolucao/{id}</c>.</summary>
internal sealed record PixDevolucaoRequest
{
    [JsonPropertyName("valor")]
    public required string Valor { get; init; }

    [JsonPropertyName("natureza")]
    public string Natureza { get; init; } = "ORIGINAL";

    [JsonPropertyName("descricao")]
    public string? Descricao { get; init; }
}

/// <summary>The body of <c>PUT /gn/pix/{idEnvio}</c> (a payout to a Pix key, Efí-style).</summary>
internal sealed record PixEnvioRequest
{
    [JsonPropertyName("valor")]
    public required string Valor { get; init; }

    [JsonPropertyName("pagador")]
    public required PixChave Pagador { get; init; }

    [JsonPropertyName("favorecido")]
    public required PixChave Favorecido { get; init; }
}

/// <summary>{"chave": "…"}.</summary>
internal sealed record PixChave
{
    [JsonPropertyName("chave")]
    public required string Chave { get; init; }
}

/// <summary>A payout as <c>PUT /gn/pix/{idEnvio}</c> and <c>GET /gn/pix/enviados/id-envio/{idEnvio}</c> answer it.</summary>
internal sealed record PixEnvio
{
    [JsonPropertyName("idEnvio")]
    public string? IdEnvio { get; init; }

    [JsonPropertyName("e2eId")]
    public string? E2eId { get; init; }

    [JsonPropertyName("valor")]
    public string? Valor { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

/// <summary>The body of <c>PUT /webhook/{chave}</c>.</summary>
internal sealed record PixWebhookRequest
{
    [JsonPropertyName("webhookUrl")]
    public required string WebhookUrl { get; init; }
}

/// <summary>The webhook's body: one or more received Pix.</summary>
internal sealed record PixWebhook
{
    [JsonPropertyName("pix")]
    public IReadOnlyList<PixReceived>? Pix { get; init; }
}

/// <summary>An RFC 7807 error of the API Pix: the type's last segment is the code ("CobOperacaoInvalida").</summary>
internal sealed record PixProblem
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("correlationId")]
    public string? CorrelationId { get; init; }

    [JsonPropertyName("violacoes")]
    public IReadOnlyList<PixViolacao>? Violacoes { get; init; }

    /// <summary>"CobOperacaoInvalida" from "https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida".</summary>
    public string? Code => Type is { Length: > 0 } type ? type[(type.TrimEnd('/').LastIndexOf('/') + 1)..].TrimEnd('/') : null;
}

/// <summary>One violated rule of a request.</summary>
internal sealed record PixViolacao
{
    [JsonPropertyName("razao")]
    public string? Razao { get; init; }

    [JsonPropertyName("propriedade")]
    public string? Propriedade { get; init; }

    [JsonPropertyName("valor")]
    public string? Valor { get; init; }
}

/// <summary><c>devolucoes</c> as an array or as one object.</summary>
internal sealed class PixDevolucoesConverter : JsonConverter<IReadOnlyList<PixDevolucao>>
{
    public override IReadOnlyList<PixDevolucao>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                return JsonSerializer.Deserialize(ref reader, PixJsonContext.Default.PixDevolucao) is { } one ? [one] : [];
            case JsonTokenType.StartArray:
                return JsonSerializer.Deserialize(ref reader, PixJsonContext.Default.PixDevolucaoArray) ?? [];
            default:
                throw new JsonException("devolucoes is neither an object nor an array");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<PixDevolucao> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToArray(), PixJsonContext.Default.PixDevolucaoArray);
}

/// <summary>Source-generated JSON for every wire type; nulls are left out of requests.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 32)]
[JsonSerializable(typeof(PixCobRequest))]
[JsonSerializable(typeof(PixCob))]
[JsonSerializable(typeof(PixDevolucao))]
[JsonSerializable(typeof(PixDevolucao[]))]
[JsonSerializable(typeof(PixDevolucaoRequest))]
[JsonSerializable(typeof(PixEnvioRequest))]
[JsonSerializable(typeof(PixEnvio))]
[JsonSerializable(typeof(PixWebhookRequest))]
[JsonSerializable(typeof(PixWebhook))]
[JsonSerializable(typeof(PixProblem))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PixJsonContext : JsonSerializerContext;
