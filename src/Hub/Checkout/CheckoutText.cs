using System.Collections.Frozen;

namespace Hub.Checkout;

/// <summary>The page's words in English, French and Portuguese, chosen by Accept-Language (English when none fits).</summary>
internal static class CheckoutText
{
    public const string English = "en";

    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> Languages =
        new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal)
        {
            [English] = Words(
                ("title", "Payment"), ("payTo", "Pay {0}"), ("choose", "Choose how to pay"),
                ("mobile_money", "Mobile money"), ("pix", "Pix"), ("card", "Card"),
                ("phone", "Phone number"), ("phoneHint", "The number of the wallet that pays"), ("operator", "Operator"),
                ("operatorUnknown", "No operator we can reach has this number"), ("pay", "Pay"),
                ("approve", "Approve the prompt on your phone"), ("waiting", "Waiting for the payment…"),
                ("pixIntro", "Scan the QR code in your bank's app, or copy the code"), ("pixStart", "Show the Pix code"),
                ("pixCode", "Pix copy-and-paste code"), ("copy", "Copy"), ("copied", "Copied"), ("expiresIn", "Expires in"),
                ("qrAlt", "Pix QR code"), ("cardNumber", "Card number"), ("expiry", "Expiry date (MM/YY)"),
                ("cvc", "Security code (CVC)"), ("holder", "Name on the card"), ("brand", "Card brand"),
                ("badNumber", "This card number is not valid"), ("badExpiry", "This expiry date is not valid or has passed"),
                ("badCvc", "The security code has 3 or 4 digits"), ("badPhone", "This phone number is not valid"),
                ("status_paid", "Paid"), ("status_failed", "The payment failed"), ("status_pending", "Waiting for you"),
                ("status_expired", "The payment expired"), ("status_canceled", "The payment was canceled"),
                ("returning", "Returning to the shop…"), ("expiredTitle", "This payment page has expired"),
                ("expiredBody", "Go back to the shop to start again."), ("completeTitle", "This order is already paid"),
                ("notFoundTitle", "Payment page not found"), ("noMethods", "No payment method is available for this amount."),
                ("error", "Something went wrong. Try again."), ("secure", "Payment handled by the payment hub")),
            ["fr"] = Words(
                ("title", "Paiement"), ("payTo", "Payer {0}"), ("choose", "Choisissez comment payer"),
                ("mobile_money", "Mobile money"), ("pix", "Pix"), ("card", "Carte"),
                ("phone", "Numéro de téléphone"), ("phoneHint", "Le numéro du compte qui paie"), ("operator", "Opérateur"),
                ("operatorUnknown", "Aucun opérateur joignable pour ce numéro"), ("pay", "Payer"),
                ("approve", "Approuvez la demande sur votre téléphone"), ("waiting", "En attente du paiement…"),
                ("pixIntro", "Scannez le QR code dans l'application de votre banque, ou copiez le code"),
                ("pixStart", "Afficher le code Pix"), ("pixCode", "Code Pix copier-coller"), ("copy", "Copier"),
                ("copied", "Copié"), ("expiresIn", "Expire dans"), ("qrAlt", "QR code Pix"), ("cardNumber", "Numéro de carte"),
                ("expiry", "Date d'expiration (MM/AA)"), ("cvc", "Code de sécurité (CVC)"), ("holder", "Nom sur la carte"),
                ("brand", "Réseau de la carte"), ("badNumber", "Ce numéro de carte n'est pas valide"),
                ("badExpiry", "Cette date d'expiration n'est pas valide ou est passée"),
                ("badCvc", "Le code de sécurité a 3 ou 4 chiffres"), ("badPhone", "Ce numéro de téléphone n'est pas valide"),
                ("status_paid", "Payé"), ("status_failed", "Le paiement a échoué"), ("status_pending", "En attente de votre validation"),
                ("status_expired", "Le paiement a expiré"), ("status_canceled", "Le paiement a été annulé"),
                ("returning", "Retour à la boutique…"), ("expiredTitle", "Cette page de paiement a expiré"),
                ("expiredBody", "Retournez à la boutique pour recommencer."), ("completeTitle", "Cette commande est déjà payée"),
                ("notFoundTitle", "Page de paiement introuvable"),
                ("noMethods", "Aucun moyen de paiement n'est disponible pour ce montant."),
                ("error", "Une erreur s'est produite. Réessayez."), ("secure", "Paiement traité par le hub de paiement")),
            ["pt"] = Words(
                ("title", "Pagamento"), ("payTo", "Pagar {0}"), ("choose", "Escolha como pagar"),
                ("mobile_money", "Carteira móvel"), ("pix", "Pix"), ("card", "Cartão"),
                ("phone", "Número de telefone"), ("phoneHint", "O número da carteira que paga"), ("operator", "Operadora"),
                ("operatorUnknown", "Nenhuma operadora alcançável tem este número"), ("pay", "Pagar"),
                ("approve", "Aprove a solicitação no seu telefone"), ("waiting", "Aguardando o pagamento…"),
                ("pixIntro", "Leia o QR code no app do seu banco, ou copie o código"), ("pixStart", "Mostrar o código Pix"),
                ("pixCode", "Código Pix copia e cola"), ("copy", "Copiar"), ("copied", "Copiado"), ("expiresIn", "Expira em"),
                ("qrAlt", "QR code Pix"), ("cardNumber", "Número do cartão"), ("expiry", "Validade (MM/AA)"),
                ("cvc", "Código de segurança (CVV)"), ("holder", "Nome no cartão"), ("brand", "Bandeira do cartão"),
                ("badNumber", "Este número de cartão não é válido"), ("badExpiry", "Esta validade não é válida ou já passou"),
                ("badCvc", "O código de segurança tem 3 ou 4 dígitos"), ("badPhone", "Este número de telefone não é válido"),
                ("status_paid", "Pago"), ("status_failed", "O pagamento falhou"), ("status_pending", "Aguardando você"),
                ("status_expired", "O pagamento expirou"), ("status_canceled", "O pagamento foi cancelado"),
                ("returning", "Voltando para a loja…"), ("expiredTitle", "Esta página de pagamento expirou"),
                ("expiredBody", "Volte para a loja para começar de novo."), ("completeTitle", "Este pedido já está pago"),
                ("notFoundTitle", "Página de pagamento não encontrada"),
                ("noMethods", "Nenhuma forma de pagamento está disponível para este valor."),
                ("error", "Algo deu errado. Tente de novo."), ("secure", "Pagamento processado pelo hub de pagamentos")),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The first language of Accept-Language, by quality, that the page speaks ("fr-CM" is French).</summary>
    public static string Pick(HttpRequest request)
    {
        var wanted = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var language in wanted)
        {
            var tag = language.Value.Value ?? "";
            var primary = (tag.Split('-', 2)[0]).ToLowerInvariant();
            if (Languages.ContainsKey(primary))
            {
                return primary;
            }
        }

        return English;
    }

    public static IReadOnlyDictionary<string, string> For(string language) =>
        Languages.TryGetValue(language, out var words) ? words : Languages[English];

    private static FrozenDictionary<string, string> Words(params (string Key, string Text)[] words) =>
        words.ToFrozenDictionary(w => w.Key, w => w.Text, StringComparer.Ordinal);
}
