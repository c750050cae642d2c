using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace Hub.Payments;

/// <summary>
/// The image of a payment's QR code (a Pix BR Code): connectors give the text, the hub draws it, so a payer's page can
/// show it without a QR library. Public like the hosted checkout: the payment id is unguessable, and the image holds
/// nothing but what the payer is shown anyway.
/// </summary>
internal static class PaymentQr
{
    public const string ImagePath = "/v1/payments/{0}/qr.png";

    public static string ImageUrl(Uri publicUrl, Guid paymentId) =>
        new Uri(publicUrl, string.Format(System.Globalization.CultureInfo.InvariantCulture, ImagePath, PublicId.Format(PublicId.Payment, paymentId))).ToString();

    /// <summary>A PNG of the text, error correction M, 10 pixels a module.</summary>
    public static byte[] Png(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10);
    }

    public static void MapPaymentQr(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/payments/{id}/qr.png", async (string id, HubDbContext db, CancellationToken ct) =>
            {
                if (!PublicId.TryParse(PublicId.Payment, id, out var guid))
                {
                    return ApiError.NotFound($"No payment {id}.").ToProblem();
                }

                var payment = await db.Payments.IgnoreQueryFilters().AsNoTracking()
                    .Where(p => p.Id == guid).Select(p => new { p.Status, p.NextAction }).FirstOrDefaultAsync(ct);
                if (payment?.NextAction?.QrCode is not { Length: > 0 } text)
                {
                    return ApiError.NotFound($"Payment {id} has no QR code.").ToProblem();
                }

                if (payment.Status is not (PaymentStatus.Pending or PaymentStatus.Created))
                {
                    return ApiError.InvalidState($"Payment {id} is {payment.Status.ToApiString()}: its QR code can no longer be paid.").ToProblem();
                }

                return Results.File(Png(text), "image/png");
            })
            .WithTags("Payments")
            .AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithSummary("The payment's QR code as a PNG (public: payers' pages show it)");
}
