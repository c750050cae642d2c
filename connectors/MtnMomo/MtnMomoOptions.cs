using Connectors.Abstractions;

namespace Connectors.MtnMomo;

/// <summary>
/// An account's MTN credentials and settings, typed. The credentials are secrets: <see cref="ToString"/> never
/// prints them, and nothing logs them.
/// </summary>
internal sealed class MtnMomoOptions
{
    public const string ApiUserName = "apiUser";
    public const string ApiKeyName = "apiKey";
    public const string SubscriptionKeyName = "subscriptionKey";
    public const string TargetEnvironmentName = "targetEnvironment";

    /// <summary>MTN's sandbox environment, which settles EUR only.</summary>
    public const string DefaultTargetEnvironment = "sandbox";

    private MtnMomoOptions(string apiUser, string apiKey, string subscriptionKey, string targetEnvironment)
    {
        ApiUser = apiUser;
        ApiKey = apiKey;
        SubscriptionKey = subscriptionKey;
        TargetEnvironment = targetEnvironment;
    }

    /// <summary>The API user (a UUID MTN issued or the sandbox provisioning created).</summary>
    public string ApiUser { get; }

    /// <summary>The API user's key.</summary>
    public string ApiKey { get; }

    /// <summary>The collection product's Ocp-Apim-Subscription-Key, sent on every call.</summary>
    public string SubscriptionKey { get; }

    /// <summary>X-Target-Environment: "sandbox", "mtncameroon", "mtnrwanda", …</summary>
    public string TargetEnvironment { get; }

    /// <summary>What is missing or wrong; empty when the account can be used.</summary>
    public static IReadOnlyList<AccountValidationError> Validate(ConnectorAccount account)
    {
        var errors = new List<AccountValidationError>();
        foreach (var name in (string[])[ApiUserName, ApiKeyName, SubscriptionKeyName])
        {
            if (string.IsNullOrWhiteSpace(account.Credential(name)))
            {
                errors.Add(new AccountValidationError($"credentials.{name}", "is required"));
            }
        }

        var environment = account.Setting(TargetEnvironmentName);
        if (environment is not null && (environment.Length == 0 || !environment.All(char.IsAsciiLetterLower)))
        {
            errors.Add(new AccountValidationError($"settings.{TargetEnvironmentName}",
                "must be an MTN target environment in lower case, such as sandbox, mtncameroon or mtnrwanda"));
        }

        return errors;
    }

    /// <summary>Reads a validated account; a missing credential here is the hub's bug, so it throws.</summary>
    public static MtnMomoOptions From(ConnectorAccount account)
    {
        var errors = Validate(account);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"MTN MoMo account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        return new MtnMomoOptions(account.Credential(ApiUserName)!, account.Credential(ApiKeyName)!,
            account.Credential(SubscriptionKeyName)!, account.Setting(TargetEnvironmentName) ?? DefaultTargetEnvironment);
    }

    /// <summary>Never prints a credential.</summary>
    public override string ToString() => $"MtnMomoOptions {{ TargetEnvironment = {TargetEnvironment} }}";
}
