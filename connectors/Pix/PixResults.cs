using Connectors.Abstractions;

namespace Connectors.Pix;

/// <summary>A charge as a payment result, for creation, polling and cancel alike.</summary>
internal static class PixResults
{
    /// <summary>
    /// The charge's status at <paramref name="now"/> (the context clock): ATIVA is pending with the BR Code to pay, or
    /// expired once criacao + expiracao has passed; CONCLUIDA is paid with the Pix's endToEndId as the provider
    /// transaction id. The BR Code is the connector's own, from loc.location and the account's name and city.
    /// </summary>
    public static PaymentResult FromCob(PixCob cob, PixOptions options, DateTimeOffset now, PixData? data)
    {
        var expiresAt = PixMapping.ExpiresAt(cob);
        var status = PixStatusMap.ToPaymentStatus(cob.Status, expiresAt is { } at && at <= now);
        var received = PixMapping.Received(cob);
        var endToEndId = received?.EndToEndId ?? data?.EndToEndId;
        var result = PaymentResult.Known(status, cob.Status, PixStatusMap.FailureOf(status, cob.Status),
            status == PaymentStatus.Pending ? QrAction(cob, options, expiresAt) : null,
            status == PaymentStatus.Paid ? endToEndId : null);
        var updated = (data ?? new PixData { Sent = true }) with { EndToEndId = endToEndId };
        return result with { ConnectorData = updated.Serialize() };
    }

    /// <summary>pix_qr: the BR Code of the charge's location, and when it expires.</summary>
    public static NextAction? QrAction(PixCob cob, PixOptions options, DateTimeOffset? expiresAt)
    {
        var location = cob.Loc?.Location ?? cob.Location;
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        string code;
        try
        {
            code = PixBrCode.Dynamic(location, options.MerchantName, options.MerchantCity, PixMapping.ToMoney(cob.Valor?.Original));
        }
        catch (ArgumentException)
        {
            // A location longer than field 26 holds: only the PSP's own text can carry it.
            if (cob.PixCopiaECola is not { Length: > 0 } psp)
            {
                return null;
            }

            code = psp;
        }

        return new NextAction
        {
            Type = NextActionType.PixQr,
            Message = "Pay with Pix: scan the QR code or paste the code in your bank's app",
            QrCode = code,
            ExpiresAt = expiresAt,
        };
    }
}
