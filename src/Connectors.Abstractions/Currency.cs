using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Connectors.Abstractions;

/// <summary>
/// An ISO 4217 currency with its exponent (the number of digits after the decimal point of its minor unit).
/// Only currencies in the table exist: an unknown code is a validation error at the edge, never a guess.
/// </summary>
public sealed record Currency
{
    // ISO 4217 exponents of the currencies the hub's providers settle (and a few neighbours). XAF, XOF and RWF
    // have no minor unit in use: 5000 XAF is 5000. The table is the only place that knows a currency's decimals.
    private static readonly FrozenDictionary<string, Currency> Table = new (string Code, int Exponent)[]
    {
        ("XAF", 0), ("XOF", 0), ("RWF", 0), ("UGX", 0), ("BIF", 0), ("GNF", 0), ("KMF", 0), ("JPY", 0),
        ("BRL", 2), ("USD", 2), ("EUR", 2), ("GBP", 2), ("GHS", 2), ("KES", 2), ("NGN", 2), ("ZAR", 2),
        ("ZMW", 2), ("TZS", 2), ("CDF", 2), ("MWK", 2), ("CAD", 2), ("CHF", 2),
    }.ToFrozenDictionary(c => c.Code, c => new Currency(c.Code, c.Exponent), StringComparer.Ordinal);

    private Currency(string code, int exponent)
    {
        Code = code;
        Exponent = exponent;
    }

    /// <summary>The three-letter upper-case ISO 4217 code.</summary>
    public string Code { get; }

    /// <summary>Digits of the minor unit: 0 for XAF and RWF, 2 for BRL, USD and EUR.</summary>
    public int Exponent { get; }

    /// <summary>Every currency the hub knows.</summary>
    public static IReadOnlyCollection<Currency> All => Table.Values;

    /// <summary>Central African CFA franc, no minor unit.</summary>
    public static Currency XAF => Table["XAF"];

    /// <summary>Rwandan franc, no minor unit.</summary>
    public static Currency RWF => Table["RWF"];

    /// <summary>Brazilian real, 2 decimals.</summary>
    public static Currency BRL => Table["BRL"];

    /// <summary>US dollar, 2 decimals.</summary>
    public static Currency USD => Table["USD"];

    /// <summary>Euro, 2 decimals.</summary>
    public static Currency EUR => Table["EUR"];

    /// <summary>Finds a currency by its exact upper-case code.</summary>
    public static bool TryFromCode(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is not null && Table.TryGetValue(code, out currency);
    }

    /// <summary>Finds a currency by its exact upper-case code, or throws for an unknown one.</summary>
    public static Currency FromCode(string code) => TryFromCode(code, out var currency)
        ? currency
        : throw new ArgumentException($"unknown ISO 4217 currency '{code}'", nameof(code));

    /// <inheritdoc />
    public override string ToString() => Code;
}
