using System.Globalization;
using System.Text;
using Connectors.Abstractions;

namespace Connectors.Pix;

/// <summary>Canonical ↔ API Pix conversions: identifiers, money, the charge body, times.</summary>
internal static class PixMapping
{
    /// <summary>The charge's lifetime when the payment names none (the API's own default).</summary>
    public const int DefaultExpiracao = 86400;

    /// <summary>The method option read as solicitacaoPagador (<c>"pix": {"payerRequest": "…"}</c>).</summary>
    public const string PayerRequestOption = "payerRequest";

    public const int MaxSolicitacao = 140;

    /// <summary>
    /// An API Pix identifier from a hub id: the letters and digits only ("pay_01J9…" → "pay01J9…"), padded with zeros
    /// to <paramref name="min"/> (a txid has 26 to 35 characters). Deterministic: the same id, the same reference.
    /// </summary>
    public static string Identifier(string objectId, int min, int max)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var kept = new string([.. objectId.Where(char.IsAsciiLetterOrDigit)]);
        if (kept.Length > max)
        {
            throw new ArgumentException($"'{objectId}' gives a Pix identifier longer than {max} characters", nameof(objectId));
        }

        return kept.PadRight(min, '0');
    }

    /// <summary>Reais with two decimals, "10.10", from minor units (integer arithmetic).</summary>
    public static string Valor(Money amount) => amount.ToMajorString();

    /// <summary>A "10.10" of the API in BRL, or null when it is not one.</summary>
    public static Money? ToMoney(string? valor) =>
        Money.TryParseMajor(valor, Currency.BRL, out var money) ? money : null;

    /// <summary>The body of <c>PUT /cob/{txid}</c> for a payment.</summary>
    public static PixCobRequest ToCob(CreatePaymentRequest request, PixOptions options, DateTimeOffset now) => new()
    {
        Calendario = new PixCalendario { Expiracao = Expiracao(request.ExpiresAt, now) },
        Devedor = Devedor(request.Payer),
        Valor = new PixValor { Original = Valor(request.Amount), ModalidadeAlteracao = 0 },
        Chave = options.PixKey,
        SolicitacaoPagador = Solicitacao(request),
    };

    /// <summary>Seconds from now until the payment's expiry (at least 1), or the API's default.</summary>
    public static int Expiracao(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is not { } at)
        {
            return DefaultExpiracao;
        }

        var seconds = Math.Ceiling((at - now).TotalSeconds);
        return seconds < 1 ? 1 : seconds > int.MaxValue ? int.MaxValue : (int)seconds;
    }

    /// <summary>
    /// The payer as <c>devedor</c>: 11 digits are a CPF, 14 a CNPJ (never both), with the payer's name (the API requires
    /// one beside a document). No document, no devedor. Another length is refused (null with a reason).
    /// </summary>
    public static PixDevedor? Devedor(PaymentPayer payer) => DevedorOf(payer, out _);

    public static PixDevedor? DevedorOf(PaymentPayer payer, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(payer.DocumentNumber))
        {
            return null;
        }

        var digits = new string([.. payer.DocumentNumber.Where(char.IsAsciiDigit)]);
        var name = string.IsNullOrWhiteSpace(payer.Name) ? "Pagador" : Clip(payer.Name.Trim(), 200);
        switch (digits.Length)
        {
            case 11:
                return new PixDevedor { Cpf = digits, Nome = name };
            case 14:
                return new PixDevedor { Cnpj = digits, Nome = name };
            default:
                problem = "the payer's document must be a CPF (11 digits) or a CNPJ (14 digits)";
                return null;
        }
    }

    /// <summary>solicitacaoPagador: the method option payerRequest, else the description; control characters made spaces, ≤ 140.</summary>
    public static string? Solicitacao(CreatePaymentRequest request)
    {
        var text = request.MethodOptions.TryGetValue(PayerRequestOption, out var option) && !string.IsNullOrWhiteSpace(option)
            ? option
            : request.Description;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return Clip(clean.ToString().Trim(), MaxSolicitacao);
    }

    /// <summary>criacao + expiracao: when an ATIVA charge stops being payable.</summary>
    public static DateTimeOffset? ExpiresAt(PixCob cob) =>
        ParseTime(cob.Calendario?.Criacao) is { } criacao
            ? criacao.AddSeconds(cob.Calendario?.Expiracao ?? DefaultExpiracao)
            : null;

    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>The first received Pix of a charge.</summary>
    public static PixReceived? Received(PixCob cob) => cob.Pix is { Count: > 0 } pix ? pix[0] : null;

    private static string Clip(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // Never split a surrogate pair.
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }
}
