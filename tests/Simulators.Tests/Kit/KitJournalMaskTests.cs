using System.Text;
using Simulators.Kit;
using WireMock;
using WireMock.RequestBuilders;

namespace Simulators.Tests.Kit;

/// <summary>
/// The kit's journal hook: a simulator that opts in (<c>MasksJournalBodies</c>) journals <c>JournalBody</c>'s copy of a
/// request body while its handler reads the body as sent (<c>RequestBody</c>); one that does not journals bodies as sent.
/// </summary>
public sealed class KitJournalMaskTests
{
    [Fact]
    public async Task MaskingSimulator_JournalsTheMaskedBody_HandlerReadsTheOriginal()
    {
        using var simulator = MaskingSimulator.Start(new SimulatorOptions());
        using var http = new HttpClient();

        using var reply = await http.PostAsync(new Uri(simulator.Url + "/echo"), new StringContent("pan=4235647728025682", Encoding.UTF8, "text/plain"));
        var echoed = await reply.Content.ReadAsStringAsync();

        Assert.Equal("pan=4235647728025682", echoed);
        var journaled = await JournaledBodyAsync(simulator);
        Assert.Equal("pan=423564******5682", journaled);
    }

    [Fact]
    public async Task EchoSimulator_WithoutTheHook_JournalsTheBodyAsSent()
    {
        using var harness = new KitHarness();

        using var reply = await harness.PayAsync(KitHarness.NewReference(), 1002);

        Assert.Contains("\"amount\":1002", await JournaledBodyAsync(harness.Simulator), StringComparison.Ordinal);
    }

    private static async Task<string?> JournaledBodyAsync(ISimulator simulator)
    {
        for (var i = 0; i < 200; i++)
        {
            if (simulator.Server.LogEntries.FirstOrDefault(e => !e.RequestMessage!.Path.StartsWith("/__", StringComparison.Ordinal)) is { } entry)
            {
                return entry.RequestMessage!.Body;
            }

            await Task.Delay(10);
        }

        return null;
    }

    private sealed class MaskingSimulator : Simulator<EchoRecord, EchoOutcome>
    {
        private MaskingSimulator(SimulatorOptions options)
            : base(options)
        {
        }

        public override string Id => "masking";

        protected override bool MasksJournalBodies => true;

        public static MaskingSimulator Start(SimulatorOptions options)
        {
            var simulator = new MaskingSimulator(options);
            simulator.StartServer();
            return simulator;
        }

        protected override string? JournalBody(string method, string path, string body) =>
            body.Replace("4235647728025682", "423564******5682", StringComparison.Ordinal);

        protected override void MapEndpoints() => Serve(Request.Create().WithPath("/echo").UsingPost(),
            (request, context) => Task.FromResult<IResponseMessage>(SimWire.Raw(200, RequestBody(request, context), "text/plain")));

        protected override object Snapshot(EchoRecord record, DateTimeOffset now) => new { reference = record.Reference };

        protected override OutgoingCallback? BuildCallback(EchoRecord record, bool stale) => null;

        protected override bool TryResolve(EchoRecord record, string status, string? reason, out string problem)
        {
            problem = "nothing to resolve";
            return false;
        }
    }
}
