using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

// KYC: GET /standard/v1/users/{msisdn}.
public sealed partial class AirtelConnector
{
    /// <summary>KYC: the user exists.</summary>
    internal const string KycFound = "DP02200000001";

    /// <summary>KYC: no such user.</summary>
    internal const string KycNotFound = "DP02200000002";

    /// <inheritdoc />
    /// <remarks>Active: Airtel knows the number and it is not barred. The name is first and last name as Airtel tells them.</remarks>
    public async Task<AccountHolderResult> GetAccountHolderAsync(ConnectorContext context, AccountHolderRequest request,
        CancellationToken cancellationToken)
    {
        if (AirtelMapping.ToMsisdn(request.Phone) is not { } msisdn)
        {
            // Not a Rwandan mobile number: no Airtel Rwanda wallet can hold it.
            return new AccountHolderResult { Outcome = OperationOutcome.Completed, IsActive = false };
        }

        var client = CreateClient(context);
        var options = client.Options;
        // The reference only appears in the kit's 401 log line: masked, never the full number.
        var call = await client.SendAsync(Masking.Phone(request.Phone), (api, token) => api.UserAsync(msisdn, token, options.Country,
            options.Currency, cancellationToken), cancellationToken);
        var user = call.Reply?.Data;
        return call switch
        {
            { TokenFailure: { } failure } => Unknown(failure.FailureDetail ?? "no Airtel token"),
            { NoReply: { } e } => Unknown(TransportFailure.Describe(e)),
            { ResponseCode: KycNotFound } or { Status: System.Net.HttpStatusCode.NotFound } =>
                new AccountHolderResult { Outcome = OperationOutcome.Completed, IsActive = false },
            { ResponseCode: KycFound } when user is not null => new AccountHolderResult
            {
                Outcome = OperationOutcome.Completed,
                IsActive = !string.Equals(user.IsBarred, "true", StringComparison.OrdinalIgnoreCase),
                Name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name
                    ? name
                    : null,
            },
            _ => Unknown($"Airtel answered {call.Describe()} to the KYC lookup"),
        };
    }

    private static AccountHolderResult Unknown(string detail) => new() { Outcome = OperationOutcome.Unknown, Detail = detail };
}
