using System.Text.Json;
using WireMock;

namespace Simulators.Pix;

/// <summary>The body of <c>PUT /cob/{txid}</c>, checked as the API Pix checks it (each problem a violação).</summary>
internal sealed record CobBody
{
    public required int Expiracao { get; init; }

    public required string Valor { get; init; }

    public required long AmountMinor { get; init; }

    public required string Chave { get; init; }

    public string? Cpf { get; init; }

    public string? Cnpj { get; init; }

    public string? Nome { get; init; }

    public string? SolicitacaoPagador { get; init; }

    /// <summary>A repeated PUT on an ATIVA charge replaces what it sends.</summary>
    public void Revise(PixRecord cob)
    {
        cob.Valor = Valor;
        cob.AmountMinor = AmountMinor;
        cob.Expiracao = Expiracao;
        cob.DevedorCpf = Cpf;
        cob.DevedorCnpj = Cnpj;
        cob.DevedorNome = Nome;
        cob.SolicitacaoPagador = SolicitacaoPagador;
    }

    public static bool TryParse(string text, out CobBody body, out IResponseMessage problem)
    {
        body = null!;
        problem = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            problem = Invalid("O corpo da requisição não é um JSON válido.", "cob", "JSON inválido.");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = Invalid("O corpo da requisição deve ser um objeto.", "cob", "Objeto esperado.");
                return false;
            }

            var expiracao = 86400;
            if (root.TryGetProperty("calendario", out var calendario) && calendario.ValueKind == JsonValueKind.Object
                && calendario.TryGetProperty("expiracao", out var exp))
            {
                if (exp.ValueKind != JsonValueKind.Number || !exp.TryGetInt32(out expiracao) || expiracao <= 0)
                {
                    problem = Invalid("O campo cob.calendario.expiracao é inválido.", "cob.calendario.expiracao",
                        "Deve ser um inteiro positivo.", exp.ToString());
                    return false;
                }
            }

            var valor = root.TryGetProperty("valor", out var v) && v.ValueKind == JsonValueKind.Object
                && v.TryGetProperty("original", out var original) && original.ValueKind == JsonValueKind.String
                ? original.GetString()
                : null;
            if (PixWire.ParseValor(valor) is not { } minor || minor == 0)
            {
                problem = Invalid("O campo cob.valor.original não respeita o schema.", "cob.valor.original",
                    "Deve respeitar \\d{1,10}\\.\\d{2} e ser maior que zero.", valor);
                return false;
            }

            var chave = String(root, "chave");
            if (string.IsNullOrWhiteSpace(chave) || chave.Length > 77)
            {
                problem = Invalid("O campo cob.chave é obrigatório.", "cob.chave", "Chave ausente ou inválida.", chave);
                return false;
            }

            string? cpf = null, cnpj = null, nome = null;
            if (root.TryGetProperty("devedor", out var devedor) && devedor.ValueKind == JsonValueKind.Object)
            {
                cpf = String(devedor, "cpf");
                cnpj = String(devedor, "cnpj");
                nome = String(devedor, "nome");
                if (cpf is not null && cnpj is not null)
                {
                    problem = Invalid("Não é permitido informar cpf e cnpj ao mesmo tempo.", "cob.devedor",
                        "Informe cpf ou cnpj, nunca os dois.");
                    return false;
                }

                if ((cpf is not null && !Digits(cpf, 11)) || (cnpj is not null && !Digits(cnpj, 14)))
                {
                    problem = Invalid("O documento do devedor é inválido.", cpf is not null ? "cob.devedor.cpf" : "cob.devedor.cnpj",
                        "CPF tem 11 dígitos; CNPJ, 14.", cpf ?? cnpj);
                    return false;
                }

                if ((cpf is not null || cnpj is not null) && string.IsNullOrWhiteSpace(nome))
                {
                    problem = Invalid("O campo cob.devedor.nome é obrigatório com cpf ou cnpj.", "cob.devedor.nome", "Nome ausente.");
                    return false;
                }
            }

            var solicitacao = String(root, "solicitacaoPagador");
            if (solicitacao is { Length: > 140 })
            {
                problem = Invalid("O campo cob.solicitacaoPagador excede 140 caracteres.", "cob.solicitacaoPagador",
                    "Máximo de 140 caracteres.");
                return false;
            }

            body = new CobBody
            {
                Expiracao = expiracao, Valor = valor!, AmountMinor = minor, Chave = chave, Cpf = cpf, Cnpj = cnpj, Nome = nome,
                SolicitacaoPagador = solicitacao,
            };
            return true;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Digits(string text, int count) => text.Length == count && text.All(char.IsAsciiDigit);

    private static IResponseMessage Invalid(string detail, string propriedade, string razao, string? valor = null) =>
        PixWire.Invalid("CobOperacaoInvalida", detail, propriedade, razao, valor);
}
