using System.Net;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.MtnMomo;

// Account holders, through the collection product: is the wallet active, and whose is it.
public sealed partial class MtnMomoConnector
{
    /// <inheritdoc />
    /// <remarks>
    /// GET …/accountholder/msisdn/{msisdn}/active → {"result":true|false} (a 404 is "no such wallet": not active);
    /// for an active wallet, GET …/basicuserinfo for the name, best effort (a failure there leaves the name out).
    /// </remarks>
    public async Task<AccountHolderResult> GetAccountHolderAsync(ConnectorContext context, AccountHolderRequest request,
        CancellationToken cancellationToken)
    {
        var msisdn = MtnMomoMapping.ToMsisdn(request.Phone);
        var result = msisdn is null
            ? new AccountHolderResult { Outcome = OperationOutcome.Completed, IsActive = false, Detail = "not an E.164 phone number" }
            : await LookUpAsync(CreateClient(context, MtnMomoOptions.From(context.Account)), msisdn, cancellationToken);
        context.Logger.AccountHolder(Masking.Phone(request.Phone), context.Account.Id, result.Outcome.ToString(),
            result.IsActive);
        return result;
    }

    private static async Task<AccountHolderResult> LookUpAsync(MtnMomoClient client, string msisdn,
        CancellationToken cancellationToken)
    {
        var environment = client.Options.TargetEnvironment;
        // The reference only appears in the kit's 401 log line: masked, never the full number.
        var masked = Masking.Phone("+" + msisdn);
        try
        {
            var call = await client.SendAsync(masked, (api, token) => api.GetAccountHolderActiveAsync(msisdn,
                environment, client.SubscriptionKey, token, cancellationToken), cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                return NotKnown(OperationOutcome.NotSent, tokenFailure.FailureDetail ?? "no MTN token");
            }

            using var response = call.Response!;
            if (!response.IsReceived)
            {
                return NoReply(response.Error!, cancellationToken);
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new AccountHolderResult { Outcome = OperationOutcome.Completed, IsActive = false };
            }

            if (response is not { IsSuccessful: true, Content.Result: { } active })
            {
                return NotKnown(OperationOutcome.Unknown, $"MTN answered {(int)response.StatusCode} to the account-holder query");
            }

            return new AccountHolderResult
            {
                Outcome = OperationOutcome.Completed,
                IsActive = active,
                Name = active ? await NameAsync(client, msisdn, cancellationToken) : null,
            };
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            return NoReply(e, cancellationToken);
        }
    }

    private static async Task<string?> NameAsync(MtnMomoClient client, string msisdn, CancellationToken cancellationToken)
    {
        try
        {
            var call = await client.SendAsync(Masking.Phone("+" + msisdn), (api, token) => api.GetBasicUserInfoAsync(
                msisdn, client.Options.TargetEnvironment, client.SubscriptionKey, token, cancellationToken),
                cancellationToken);
            using var response = call.Response;
            if (response is not { IsReceived: true, IsSuccessful: true, Content: { } info })
            {
                return null;
            }

            var name = string.IsNullOrWhiteSpace(info.Name)
                ? $"{info.GivenName} {info.FamilyName}".Trim()
                : info.Name.Trim();
            return name.Length == 0 ? null : name;
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            // The name is a courtesy: the wallet is known to be active either way.
            TransportFailure.ThrowIfCallerCancelled(e, cancellationToken);
            return null;
        }
    }

    private static AccountHolderResult NoReply(Exception exception, CancellationToken cancellationToken) =>
        NotKnown(TransportFailure.Classify(exception, cancellationToken) == TransportOutcome.NotSent
                ? OperationOutcome.NotSent
                : OperationOutcome.Unknown,
            $"no reply from {MtnMomoClient.Provider}: {TransportFailure.Describe(exception)}");

    private static AccountHolderResult NotKnown(OperationOutcome outcome, string detail) =>
        new() { Outcome = outcome, Detail = detail };
}
