using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Simulators.MtnMomo;

/// <summary>The body of a request to pay, transfer or refund, checked as MTN checks it: strings only, amounts in
/// major units, a party of a known type, and no '&amp;' in the messages.</summary>
internal sealed record CreationBody(
    string Amount,
    long AmountMinor,
    string Currency,
    string? ExternalId,
    string? PartyIdType,
    string? PartyId,
    string? PayerMessage,
    string? PayeeNote,
    string? ReferenceIdToRefund)
{
    private static readonly string[] PartyIdTypes = ["MSISDN", "EMAIL", "PARTY_CODE"];

    /// <param name="partyField">"payer", "payee", or null for a refund (which names referenceIdToRefund instead).</param>
    public static bool TryParse(string json, string? partyField, [NotNullWhen(true)] out CreationBody? body, out string problem)
    {
        body = null;
        problem = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            problem = "The body is not valid JSON.";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The body must be a JSON object.";
                return false;
            }

            if (!TryString(root, "amount", required: true, out var amount, ref problem)
                || !TryString(root, "currency", required: true, out var currency, ref problem)
                || !TryString(root, "externalId", required: false, out var externalId, ref problem)
                || !TryString(root, "payerMessage", required: false, out var payerMessage, ref problem)
                || !TryString(root, "payeeNote", required: false, out var payeeNote, ref problem))
            {
                return false;
            }

            if (currency!.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            {
                problem = "currency must be an ISO 4217 code.";
                return false;
            }

            if (!MtnMomoAmounts.TryToMinor(amount, currency, out var minor))
            {
                problem = $"amount must be a string of digits in major units of {currency}.";
                return false;
            }

            if (payerMessage?.Contains('&', StringComparison.Ordinal) == true || payeeNote?.Contains('&', StringComparison.Ordinal) == true)
            {
                problem = "payerMessage and payeeNote must not contain '&'.";
                return false;
            }

            string? partyIdType = null, partyId = null, referenceIdToRefund = null;
            if (partyField is not null)
            {
                if (!root.TryGetProperty(partyField, out var party) || party.ValueKind != JsonValueKind.Object)
                {
                    problem = $"{partyField} is required.";
                    return false;
                }

                if (!TryString(party, "partyIdType", required: true, out partyIdType, ref problem)
                    || !TryString(party, "partyId", required: true, out partyId, ref problem))
                {
                    return false;
                }

                if (!PartyIdTypes.Contains(partyIdType))
                {
                    problem = "partyIdType must be MSISDN, EMAIL or PARTY_CODE.";
                    return false;
                }
            }
            else if (!TryString(root, "referenceIdToRefund", required: true, out referenceIdToRefund, ref problem))
            {
                return false;
            }

            body = new CreationBody(amount!, minor, currency, externalId, partyIdType, partyId, payerMessage, payeeNote, referenceIdToRefund);
            return true;
        }
    }

    private static bool TryString(JsonElement parent, string name, bool required, out string? value, ref string problem)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problem = $"{name} is required.";
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = $"{name} must be a string.";
            return false;
        }

        value = element.GetString();
        if (required && string.IsNullOrEmpty(value))
        {
            problem = $"{name} is required.";
            return false;
        }

        return true;
    }
}
