using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.MtnMomo;

// QA controls at /__sim (PROVIDERS.md §1.4), JSON over the same WireMock server; each calls a public method.
public sealed partial class MtnMomoSimulator
{
    private void MapControls()
    {
        ServeControl(Request.Create().WithPath("/__sim/transactions").UsingGet(),
            (_, _) => Task.FromResult<IResponseMessage>(MtnMomoWire.Object(200, Transactions)));
        ServeControl(Request.Create().WithPath("/__sim/callbacks").UsingGet(),
            (_, _) => Task.FromResult<IResponseMessage>(MtnMomoWire.Object(200, Callbacks)));
        ServeControl(Request.Create().WithPath("/__sim/reset").UsingPost(), (_, _) =>
        {
            Reset();
            return Task.FromResult<IResponseMessage>(MtnMomoWire.Empty(204));
        });
        ServeControl(Request.Create().WithPath("/__sim/overrides").UsingPost(), (r, _) => Task.FromResult(
            Control<MtnMomoOverride>(r, forced => MtnMomoWire.Object(201, new { id = AddOverride(forced) }))));
        ServeControl(Request.Create().WithPath("/__sim/overrides").UsingDelete(), (_, _) =>
        {
            ClearOverrides();
            return Task.FromResult<IResponseMessage>(MtnMomoWire.Empty(204));
        });
        ServeControl(Request.Create().WithPath("/__sim/faults").UsingPost(), (r, _) => Task.FromResult(
            Control<MtnMomoFault>(r, fault =>
            {
                AddFault(fault);
                return MtnMomoWire.Object(201, fault);
            })));
        ServeControl(Request.Create().WithPath("/__sim/faults").UsingDelete(), (_, _) =>
        {
            ClearFaults();
            return Task.FromResult<IResponseMessage>(MtnMomoWire.Empty(204));
        });
        ServeControl(Request.Create().WithPath("/__sim/callback-mode").UsingPost(), (r, _) => Task.FromResult(
            Control<CallbackModeRequest>(r, request =>
            {
                SetCallbackMode(request.Mode, request.DelaySeconds is { } s ? TimeSpan.FromSeconds(s) : null, request.Reference);
                return MtnMomoWire.Empty(204);
            })));
        ServeControl(Request.Create().WithPath("/__sim/tokens/expire").UsingPost(), (_, _) =>
        {
            ExpireTokens();
            return Task.FromResult<IResponseMessage>(MtnMomoWire.Empty(204));
        });
        ServeControl(Request.Create().WithPath(new RegexMatcher("^/__sim/transactions/[^/]+/resolve$")).UsingPost(), ResolveControlAsync);
        ServeControl(Request.Create().WithPath(new RegexMatcher("^/__sim/transactions/[^/]+/resend-callback$")).UsingPost(), ResendControlAsync);
    }

    private async Task<IResponseMessage> ResolveControlAsync(IRequestMessage request, HttpContext context)
    {
        if (!TryRead<ResolveRequest>(request, out var resolve, out var problem))
        {
            return problem;
        }

        if (resolve.Status is not ("SUCCESSFUL" or "FAILED" or "PENDING"))
        {
            return MtnMomoWire.BadRequest("status must be SUCCESSFUL, FAILED or PENDING.");
        }

        var resolved = await ResolveAsync(request.Path.Split('/')[^2], resolve.Status, resolve.Reason);
        return resolved is null ? MtnMomoWire.NotFound() : MtnMomoWire.Object(200, resolved);
    }

    private async Task<IResponseMessage> ResendControlAsync(IRequestMessage request, HttpContext context)
    {
        var sent = await ResendCallbackAsync(request.Path.Split('/')[^2]);
        return sent is null ? MtnMomoWire.NotFound() : MtnMomoWire.Object(200, sent);
    }

    private static IResponseMessage Control<T>(IRequestMessage request, Func<T, IResponseMessage> apply) =>
        TryRead<T>(request, out var value, out var problem) ? apply(value) : problem;

    private static bool TryRead<T>(IRequestMessage request, out T value, out IResponseMessage problem)
    {
        value = default!;
        problem = null!;
        try
        {
            var body = MtnMomoWire.Body(request);
            if (JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(body) ? "{}" : body, MtnMomoWire.Json) is { } parsed)
            {
                value = parsed;
                return true;
            }
        }
        catch (JsonException ex)
        {
            problem = MtnMomoWire.BadRequest(ex.Message);
            return false;
        }

        problem = MtnMomoWire.BadRequest("a JSON object is required.");
        return false;
    }

    private sealed record CallbackModeRequest(MtnMomoCallbackMode Mode, int? DelaySeconds, string? Reference);

    private sealed record ResolveRequest(string Status, string? Reason);
}
