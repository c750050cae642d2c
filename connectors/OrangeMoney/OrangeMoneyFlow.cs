using System.Net;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.OrangeMoney;

/// <summary>What a create sends: the operation ("mp" or "cashin"), the hub's reference and the pay body for a payToken.</summary>
/// <param name="Operation"><see cref="OrangeMoneyFlow.Collection"/> or <see cref="OrangeMoneyFlow.Cashin"/>.</param>
/// <param name="Reference">The hub's provider reference, Orange's orderId.</param>
/// <param name="SavedData">The object's connector data from a previous attempt (a resumed create), or null.</param>
/// <param name="Body">The pay body for the payToken.</param>
internal sealed record OrangeMoneyCreate(string Operation, string Reference, string? SavedData,
    Func<string, OrangeMoneyPayRequest> Body);

/// <summary>
/// Orange's two-step create, for collections (<c>mp</c>) and cashins alike (PROVIDERS §4.2): init gives a payToken,
/// which is saved (<see cref="ConnectorContext.SaveDataAsync"/>) before the push, so init and pay never run twice for
/// one object. A resumed create (connector data with a payToken) asks the status first and pushes again, with the
/// same payToken, only while Orange says INITIATED (the push never arrived); any other status is the answer.
/// </summary>
internal static class OrangeMoneyFlow
{
    public const string Collection = "mp";
    public const string Cashin = "cashin";

    public static async Task<OrangeMoneyAnswer> CreateAsync(OrangeMoneyClient client, OrangeMoneyCreate create,
        CancellationToken cancellationToken)
    {
        var payToken = OrangeMoneyMapping.PayTokenOf(create.SavedData);
        if (payToken is null)
        {
            var init = await InitAsync(client, create, cancellationToken);
            if (init.PayToken is null || init.Outcome != OperationOutcome.Completed)
            {
                return init;
            }

            payToken = init.PayToken;
            // The recovery point: from here on a retry of this create knows the payToken and never inits again.
            await client.Context.SaveDataAsync(OrangeMoneyMapping.ToData(payToken), cancellationToken);
        }
        else
        {
            var existing = await QueryAsync(client, create.Operation, create.Reference, payToken, cancellationToken);
            if (existing.Outcome != OperationOutcome.Completed)
            {
                // Not known whether the push arrived: never push blindly.
                return OrangeMoneyAnswer.Unknown($"resuming: {existing.Detail}", payToken);
            }

            if (existing.Transaction?.Status != "INITIATED")
            {
                client.Context.Logger.ResumedExisting(create.Reference, existing.Transaction?.Status ?? "");
                return existing;
            }

            client.Context.Logger.ResumedPush(create.Reference);
        }

        return await PayAsync(client, create, payToken, cancellationToken);
    }

    /// <summary>GET …/paymentstatus/{payToken}: the transaction, NotFound (404), or unknown.</summary>
    public static async Task<OrangeMoneyAnswer> QueryAsync(OrangeMoneyClient client, string operation, string reference,
        string payToken, CancellationToken cancellationToken)
    {
        try
        {
            var call = await client.SendAsync(reference, (api, token, auth) => api.PaymentStatusAsync(
                operation, payToken, token, auth, cancellationToken), cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                return OrangeMoneyAnswer.Unknown(tokenFailure.FailureDetail ?? "no Orange token", payToken);
            }

            return call switch
            {
                { Status: HttpStatusCode.OK, Reply.Data.Status: { Length: > 0 } } =>
                    OrangeMoneyAnswer.Of(call.Reply!.Data!, call.Reply.Message, payToken),
                { Status: HttpStatusCode.OK } => OrangeMoneyAnswer.Unknown("Orange's status reply could not be read", payToken),
                { Status: HttpStatusCode.NotFound } => OrangeMoneyAnswer.NotFound("Orange does not know this payToken", payToken),
                _ => OrangeMoneyAnswer.Unknown($"Orange answered {call.Describe()} to the status query", payToken),
            };
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            TransportFailure.ThrowIfCallerCancelled(e, cancellationToken);
            return OrangeMoneyAnswer.Unknown($"no reply from {OrangeMoneyClient.Provider}: {TransportFailure.Describe(e)}", payToken);
        }
    }

    // POST …/init moves no money and pushes nothing: whatever becomes of it, the payer was not asked to pay. A failed
    // init is therefore "not sent" (the money-moving push never left), and the hub may try again or elsewhere.
    private static async Task<OrangeMoneyAnswer> InitAsync(OrangeMoneyClient client, OrangeMoneyCreate create,
        CancellationToken cancellationToken)
    {
        try
        {
            var call = await client.SendAsync(create.Reference, (api, token, auth) => api.InitAsync(
                create.Operation, token, auth, cancellationToken), cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                return NoToken(tokenFailure);
            }

            if ((int)call.Status is >= 200 and < 300)
            {
                return call.Reply?.Data?.PayToken is { Length: > 0 } payToken
                    ? new OrangeMoneyAnswer { Outcome = OperationOutcome.Completed, PayToken = payToken }
                    : OrangeMoneyAnswer.NotSent($"Orange's {create.Operation}/init reply ({(int)call.Status}) has no payToken", null);
            }

            return (int)call.Status is >= 400 and < 500 and not 408 and not 429
                ? OrangeMoneyAnswer.Refused(OrangeMoneyStatusMap.ToRefusal(call.Code ?? $"HTTP_{(int)call.Status}", call.Message), null)
                : OrangeMoneyAnswer.NotSent($"Orange answered {call.Describe()} to {create.Operation}/init: nothing was pushed", null);
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            TransportFailure.ThrowIfCallerCancelled(e, cancellationToken);
            return OrangeMoneyAnswer.NotSent(
                $"{create.Operation}/init got no reply ({TransportFailure.Describe(e)}): nothing was pushed", null);
        }
    }

    private static async Task<OrangeMoneyAnswer> PayAsync(OrangeMoneyClient client, OrangeMoneyCreate create, string payToken,
        CancellationToken cancellationToken)
    {
        var body = create.Body(payToken);
        try
        {
            var call = await client.SendAsync(create.Reference, (api, token, auth) => api.PayAsync(
                create.Operation, token, auth, body, cancellationToken), cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                return NoToken(tokenFailure) with { PayToken = payToken };
            }

            var status = (int)call.Status;
            return call switch
            {
                // 200 (201 accepted), or 417 with the FAILED transaction (60019: the payer's balance is too low).
                { Reply.Data.Status: { Length: > 0 } } when status is >= 200 and < 300 or 417 =>
                    OrangeMoneyAnswer.Of(call.Reply!.Data!, call.Reply.Message, payToken),
                _ when status is >= 200 and < 300 =>
                    OrangeMoneyAnswer.Unknown($"Orange's {create.Operation}/pay reply ({status}) could not be read", payToken),
                // Throttled by the gateway before Orange saw it: the same payToken may go again (INITIATED on resume).
                _ when status == 429 => OrangeMoneyAnswer.NotSent($"Orange throttled {create.Operation}/pay (429)", payToken),
                _ when status is >= 500 or 408 =>
                    OrangeMoneyAnswer.Unknown($"Orange answered {call.Describe()} to {create.Operation}/pay", payToken),
                // 400, 403, 417 without a transaction, or a 401 after one fresh token: Orange did not take it.
                _ when status >= 400 => OrangeMoneyAnswer.Refused(
                    OrangeMoneyStatusMap.ToRefusal(call.Code ?? $"HTTP_{status}", call.Message), payToken, call.Reply?.Data?.Status),
                _ => OrangeMoneyAnswer.Unknown($"Orange answered an unexpected {status} to {create.Operation}/pay", payToken),
            };
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            var outcome = TransportFailure.Classify(e, cancellationToken);
            var detail = TransportFailure.Describe(e);
            // A push that provably never left may go again with the same payToken; anything else is unknown.
            return outcome == TransportOutcome.NotSent
                ? OrangeMoneyAnswer.NotSent($"{OrangeMoneyClient.Provider} was not reached: {detail}", payToken)
                : OrangeMoneyAnswer.Unknown($"no reply from {OrangeMoneyClient.Provider}: {detail}", payToken);
        }
    }

    // Without a token nothing left; refused credentials are Orange's answer about the account.
    private static OrangeMoneyAnswer NoToken(TokenResult failure) => failure.CredentialsRefused
        ? OrangeMoneyAnswer.Refused(FailureMessages.Failure(FailureCode.ProviderError, failure.ErrorCode ?? "invalid_client"), null)
        : OrangeMoneyAnswer.NotSent(failure.FailureDetail ?? "no Orange token", null);
}
