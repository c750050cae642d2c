using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Connectors.Abstractions;
using Hub.Common;

namespace Hub.Checkout;

/// <summary>
/// The hosted page, rendered on the server in the payer's language: the merchant's name, the amount as the payer reads
/// it, one step per offered method, and the script that runs them (<see cref="CheckoutAssets"/>). Everything is inline
/// under a per-response nonce and a strict Content-Security-Policy: no outside asset, no call but to the hub itself.
/// </summary>
internal static class CheckoutPage
{
    // Letters of every script as they are (é, ã), markup characters escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    // The default encoder escapes <, >, & and quotes, so no string can close the data block's script element.
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    public static IResult Render(CheckoutVisit? visit, IReadOnlyList<PaymentMethod> offered, string language)
    {
        var t = CheckoutText.For(language);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        if (visit is null)
        {
            return new PageResult(Document(language, t["notFoundTitle"], nonce, Message(t["notFoundTitle"], null), null), 404, nonce);
        }

        var amount = CheckoutAmount.Format(visit.Amount);
        var head = Header(visit, amount);
        var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, t["payTo"], visit.MerchantName);
        return visit.Session.Status switch
        {
            CheckoutStatus.Expired => new PageResult(
                Document(language, title, nonce, head + Message(t["expiredTitle"], t["expiredBody"]), null), 410, nonce),
            CheckoutStatus.Complete => new PageResult(
                Document(language, title, nonce, head + Message(t["completeTitle"], null), null), 200, nonce),
            _ => new PageResult(Document(language, title, nonce, head + Steps(visit, offered, amount, t), Config(visit, t)), 200, nonce),
        };
    }

    private static string Header(CheckoutVisit visit, string amount) => $"""
        <header>
          <p class="merchant" id="merchant">{Html.Encode(visit.MerchantName)}</p>
          <p class="amount" id="amount">{Html.Encode(amount)}</p>
          {(visit.Session.Description is { } d ? $"<p class=\"description\">{Html.Encode(d)}</p>" : "")}
        </header>
        """;

    private static string Message(string title, string? body) =>
        $"<section class=\"message\"><h1>{Html.Encode(title)}</h1>{(body is null ? "" : $"<p>{Html.Encode(body)}</p>")}</section>";

    private static string Steps(CheckoutVisit visit, IReadOnlyList<PaymentMethod> offered, string amount, IReadOnlyDictionary<string, string> t)
    {
        if (offered.Count == 0)
        {
            return Message(t["noMethods"], null);
        }

        var html = new StringBuilder();
        html.Append($"<form id=\"methods\" class=\"methods\"><fieldset><legend>{Html.Encode(t["choose"])}</legend>");
        for (var i = 0; i < offered.Count; i++)
        {
            var word = offered[i].ToApiString();
            html.Append($"<label class=\"method\"><input type=\"radio\" name=\"method\" value=\"{word}\"{(i == 0 ? " checked" : "")}> {Html.Encode(t[word])}</label>");
        }

        html.Append("</fieldset></form>");
        var pay = Html.Encode($"{t["pay"]} {amount}");
        foreach (var method in offered)
        {
            html.Append(method switch
            {
                PaymentMethod.MobileMoney => $"""
                    <section id="step-mobile_money" class="step" data-step hidden>
                      <form id="mm-form" novalidate>
                        <label for="phone">{Html.Encode(t["phone"])}</label>
                        <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required
                          value="{Html.Encode(visit.Session.Payer?.Phone ?? "")}" aria-describedby="phone-hint operator">
                        <p id="phone-hint" class="hint">{Html.Encode(t["phoneHint"])}</p>
                        <p id="operator" class="operator" aria-live="polite"></p>
                        <p id="mm-error" class="error" role="alert"></p>
                        <button type="submit" id="mm-pay">{pay}</button>
                      </form>
                    </section>
                    """,
                PaymentMethod.Pix => $"""
                    <section id="step-pix" class="step" data-step hidden>
                      <button type="button" id="pix-pay">{Html.Encode(t["pixStart"])}</button>
                      <div id="pix-qr" hidden>
                        <p>{Html.Encode(t["pixIntro"])}</p>
                        <img id="pix-img" alt="{Html.Encode(t["qrAlt"])}" width="240" height="240">
                        <label for="pix-code">{Html.Encode(t["pixCode"])}</label>
                        <textarea id="pix-code" rows="4" readonly></textarea>
                        <button type="button" id="pix-copy">{Html.Encode(t["copy"])}</button>
                        <p class="countdown">{Html.Encode(t["expiresIn"])} <span id="pix-countdown" role="timer">--:--</span></p>
                      </div>
                      <p id="pix-error" class="error" role="alert"></p>
                    </section>
                    """,
                PaymentMethod.Card => $"""
                    <section id="step-card" class="step" data-step hidden>
                      <form id="card-form" method="post" action="/checkout/{Html.Encode(visit.Id)}/pay" novalidate autocomplete="on">
                        <label for="card-number">{Html.Encode(t["cardNumber"])} <span id="card-brand" class="brand" aria-label="{Html.Encode(t["brand"])}"></span></label>
                        <input id="card-number" name="number" inputmode="numeric" autocomplete="cc-number" maxlength="23" required aria-describedby="card-error">
                        <div class="row">
                          <div><label for="card-expiry">{Html.Encode(t["expiry"])}</label>
                            <input id="card-expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM/YY" maxlength="7" required></div>
                          <div><label for="card-cvc">{Html.Encode(t["cvc"])}</label>
                            <input id="card-cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required></div>
                        </div>
                        <label for="card-holder">{Html.Encode(t["holder"])}</label>
                        <input id="card-holder" name="holderName" autocomplete="cc-name" maxlength="100">
                        <p id="card-error" class="error" role="alert"></p>
                        <button type="submit" id="card-pay">{pay}</button>
                      </form>
                    </section>
                    """,
                _ => "",
            });
        }

        html.Append("""
            <section id="progress" class="progress" hidden aria-live="polite">
              <h1 id="progress-title"></h1>
              <p id="progress-status"></p>
            </section>
            """);
        return html.ToString();
    }

    /// <summary>What the script needs, as a JSON data block (never executed; the serializer escapes &lt; and &amp;).</summary>
    private static string Config(CheckoutVisit visit, IReadOnlyDictionary<string, string> t)
    {
        var basePath = "/checkout/" + visit.Id;
        var payment = visit.Payment;
        return JsonSerializer.Serialize(new
        {
            statusUrl = basePath + "/status",
            payUrl = basePath + "/pay",
            operatorUrl = basePath + "/operator",
            texts = t,
            payment = payment is null || CheckoutVisitor.EndsThePage(payment.Status) ? null : new
            {
                id = PublicId.Format(PublicId.Payment, payment.Id),
                status = payment.Status.ToApiString(),
                method = payment.Method.ToApiString(),
                nextActionType = payment.NextAction?.Type,
                qrCode = payment.NextAction?.QrCode,
                expiresAt = ApiTime.Format(payment.NextAction?.ExpiresAt ?? payment.ExpiresAt),
            },
        }, ConfigJson);
    }

    private static string Document(string language, string title, string nonce, string main, string? config) => $"""
        <!doctype html>
        <html lang="{language}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{Html.Encode(title)}</title>
        <style nonce="{nonce}">{CheckoutAssets.Css}</style>
        </head>
        <body>
        <main class="sheet">
        {main}
        </main>
        {(config is null ? "" : $"<script type=\"application/json\" id=\"checkout-config\">{config}</script>\n<script nonce=\"{nonce}\">{CheckoutAssets.Script}</script>")}
        </body>
        </html>
        """;

    /// <summary>The page with its security headers: this nonce only, the hub only, never framed, never cached.</summary>
    private sealed class PageResult(string html, int status, string nonce) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self'; "
                + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
