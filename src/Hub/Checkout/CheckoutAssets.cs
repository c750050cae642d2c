namespace Hub.Checkout;

/// <summary>
/// The page's stylesheet and script, inlined under the response's nonce. Plain ES2017 with no library: the steps of
/// each method, the operator lookup, the card checks (brand, Luhn, expiry) before anything is sent, and the status poll
/// that returns the payer to the merchant once the payment ended.
/// </summary>
internal static partial class CheckoutAssets
{
    /// <summary>Phone first (375 px and up), then a centred sheet; 16 px inputs so phones do not zoom.</summary>
    public const string Css = """
        *,*::before,*::after{box-sizing:border-box}
        body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1f24;background:#f2f4f7}
        .sheet{max-width:28rem;margin:0 auto;padding:1.25rem 1rem 2rem;background:#fff;min-height:100vh}
        @media (min-width:40rem){.sheet{margin:2rem auto;min-height:0;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:2rem}}
        header{border-bottom:1px solid #e3e6ea;margin-bottom:1rem;padding-bottom:.75rem}
        .merchant{margin:0;font-weight:600;color:#4a5260}
        .amount{margin:.25rem 0 0;font-size:2rem;font-weight:700;white-space:nowrap}
        .description{margin:.25rem 0 0;color:#4a5260}
        fieldset{border:0;margin:0 0 1rem;padding:0}
        legend{font-weight:600;margin-bottom:.5rem}
        .method{display:flex;align-items:center;gap:.5rem;padding:.75rem;border:1px solid #cfd4db;border-radius:8px;margin-bottom:.5rem;cursor:pointer}
        .method:focus-within{outline:3px solid #1d5fd1;outline-offset:1px}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}
        .method{font-weight:500;margin:0 0 .5rem}
        input,textarea{width:100%;font:inherit;padding:.7rem .75rem;border:1px solid #9aa3af;border-radius:8px;background:#fff;color:inherit}
        input:focus,textarea:focus,button:focus{outline:3px solid #1d5fd1;outline-offset:1px}
        input[type=radio]{width:auto;margin:0}
        input[aria-invalid=true]{border-color:#b3261e}
        textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all;resize:none}
        button{display:block;width:100%;min-height:48px;margin-top:1rem;font:inherit;font-weight:600;color:#fff;background:#1d5fd1;border:0;border-radius:8px;cursor:pointer}
        button:disabled{background:#8ea9dc;cursor:progress}
        .row{display:flex;gap:.75rem}.row>div{flex:1}
        .hint{margin:.25rem 0 0;font-size:.875rem;color:#4a5260}
        .operator{margin:.5rem 0 0;font-weight:600;min-height:1.45em}
        .brand{font-weight:500;color:#4a5260;margin-left:.5rem}
        .error{margin:.5rem 0 0;color:#b3261e;min-height:1.45em}
        #pix-img{display:block;margin:0 auto;max-width:100%;height:auto;image-rendering:pixelated}
        .countdown{font-weight:600}
        .progress h1,.message h1{font-size:1.25rem;margin:.5rem 0}
        [hidden]{display:none !important}
        """;
}
