using System.Globalization;
using SmartLab.Bench.Load;
using SmartLab.Bench.Measure;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Remote control and live telemetry. Commands: a staff client takes a tube furnace's control lease and sends
/// <c>setSetpoint</c> over HTTP, one at a time; the hub validates it, publishes it over MQTT and answers when the bench's
/// agent replies (at once). Reported: the HTTP round trip, and the hub's own MQTT leg (its <c>latencyMs</c>: command
/// published → reply received) against the same MQTT 5 request/response (Response Topic, Correlation Data) done directly
/// through Mosquitto with the same client code. Live telemetry: tube furnaces publishing at 10 Hz to browser-like SSE
/// listeners, against MQTT subscribers of the same topics on Mosquitto: every reading accepted, every event delivered,
/// and the delivery latency.
/// </summary>
public sealed partial class CommandsBenchmark : IBenchmark
{
    const string Benchmark = "commands";
    const string Furnace = "cmd-furnace";
    const string Command = "setSetpoint";
    const int TelemetryInstruments = 20;
    const double TelemetryHertz = 10;
    const int Listeners = 50;

    static readonly byte[] Parameters = """{"temperature":300}"""u8.ToArray();

    public string Name => Benchmark;

    public string Description => "remote commands (HTTP → hub → MQTT → agent → reply) vs direct MQTT 5 request/response on Mosquitto; 10 Hz telemetry to SSE listeners";

    /// <summary>Commands timed one after the other (after the warm-up).</summary>
    static int Commands(BenchContext context) => context.Settings.Quick ? 300 : 2000;

    /// <summary>Seconds the telemetry listeners are measured (after the warm-up).</summary>
    static TimeSpan TelemetryWindow(BenchContext context) => TimeSpan.FromSeconds(context.Settings.Quick ? 8 : 30);

    static string TelemetryId(int i) => $"sse-furnace-{i + 1:D2}";

    /// <summary>Listener <paramref name="listener"/> follows instrument <c>i mod 20</c>: 50 listeners spread over all 20 instruments (2 or 3 each).</summary>
    static int InstrumentOf(int listener) => listener % TelemetryInstruments;

    /// <summary>
    /// A series of commands one at a time. <c>RoundTrip</c> is what the sender saw (through the hub: the HTTP call;
    /// directly: build request → awaiting code resumed with the reply). <c>Inner</c> is the part inside it: through the
    /// hub its own <c>latencyMs</c> (build and publish the request → its awaiting code resumed with the reply), directly the
    /// wire alone (request sent → reply parsed). <c>Repeated</c> counts commands the hub had to send more than once.
    /// </summary>
    sealed record CommandRun(int Count, double Seconds, LatencyHistogram RoundTrip, LatencyHistogram Inner, double PeerCpuPercent,
        double OthersOnPeerCorePercent, long WarmUpCount, long Answered, long Repeated);

    /// <summary>What the telemetry listeners saw. <c>Accepted</c> and <c>Rejected</c> are the hub's counters (none on Mosquitto).</summary>
    sealed record TelemetryRun(long Published, long? Accepted, long? Rejected, long[] Events, long[] Expected, long Unknown, LatencyHistogram Latency,
        double Seconds, double PeerCpuPercent, double OthersOnPeerCorePercent)
    {
        public long Missed => Events.Zip(Expected, (got, wanted) => Math.Max(0, wanted - got)).Sum();

        public long MedianEvents => Events.Order().ElementAt(Events.Length / 2);
    }

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        BenchContext.Log(FormattableString.Invariant(
            $"commands: {Commands(context):N0} × {Command} one at a time after the warm-up; telemetry: {TelemetryInstruments} tube furnaces at {TelemetryHertz:0} Hz to {Listeners} listeners (spread over all instruments) for {TelemetryWindow(context).TotalSeconds:0} s"));
        var (hubCommands, hubTelemetry, commandError) = await HubAsync(context, cancellationToken).ConfigureAwait(false);
        var (directCommands, directTelemetry) = await MosquittoAsync(context, cancellationToken).ConfigureAwait(false);

        if (hubCommands is not null)
        {
            AddCommandRuns(context, hubCommands, directCommands);
        }
        else
        {
            context.Report.Errors.Add($"{Benchmark}: {commandError}");
            context.Report.Runs.Add(DirectFigures(directCommands));
        }

        AddTelemetryRuns(context, hubTelemetry, directTelemetry);
    }

    static void AddCommandRuns(BenchContext context, CommandRun hub, CommandRun direct)
    {
        var http = CommandFigures(HubPeer.Name, $"{Command} over HTTP, 1 in flight", hub, hub.RoundTrip,
            "POST sent → answer read (lease held, parameters validated, audited); the agent answers at once");
        http.Extra["hubLegP50Ms"] = hub.Inner.PercentileMs(0.5) ?? 0;
        http.Extra["hubLegP99Ms"] = hub.Inner.PercentileMs(0.99) ?? 0;
        http.Extra["repeatedCommands"] = hub.Repeated;
        var leg = CommandFigures(HubPeer.Name, "hub MQTT leg (latencyMs)", hub, hub.Inner,
            "the hub's own figure: request built and published → its awaiting code resumed with the reply");
        leg.Rate = null;
        context.Report.Runs.Add(http);
        context.Report.Runs.Add(leg);
        context.Report.Runs.Add(DirectFigures(direct));

        var why = string.Create(CultureInfo.InvariantCulture,
            $"direct: {direct.Inner.PercentileMs(0.5):0.000} ms of its p50 on the wire; hub core {hub.PeerCpuPercent:0}% busy ({CpuPerItem(hub.PeerCpuPercent, hub.Seconds, hub.Count):0} µs CPU per HTTP command), Mosquitto {direct.PeerCpuPercent:0}% ({CpuPerItem(direct.PeerCpuPercent, direct.Seconds, direct.Count):0} µs per request); other processes on the peer core {hub.OthersOnPeerCorePercent:0}% / {direct.OthersOnPeerCorePercent:0}%");
        var comparisons = context.Report.Comparisons;
        comparisons.Add(Comparison.AtMost(Benchmark, "hub MQTT leg p50 vs direct request/response p50", "ms", MosquittoPeer.Name,
            hub.Inner.PercentileMs(0.5), direct.RoundTrip.PercentileMs(0.5), 1.5, why));
        comparisons.Add(Comparison.Report(Benchmark, "hub MQTT leg p99 vs direct request/response p99", "ms", MosquittoPeer.Name,
            hub.Inner.PercentileMs(0.99), direct.RoundTrip.PercentileMs(0.99)));
        comparisons.Add(Comparison.Report(Benchmark, "HTTP command round trip p50 vs direct request/response p50", "ms", MosquittoPeer.Name,
            hub.RoundTrip.PercentileMs(0.5), direct.RoundTrip.PercentileMs(0.5)));
        comparisons.Add(Comparison.Report(Benchmark, "HTTP command round trip p99 vs direct request/response p99", "ms", MosquittoPeer.Name,
            hub.RoundTrip.PercentileMs(0.99), direct.RoundTrip.PercentileMs(0.99)));
    }

    static RunFigures DirectFigures(CommandRun direct)
    {
        var figures = CommandFigures(MosquittoPeer.Name, "MQTT 5 request/response, 1 in flight", direct, direct.RoundTrip,
            "request built → requester resumed with the reply (as the hub times its leg); Response Topic + Correlation Data, QoS 1 both ways; wire alone in extra");
        figures.Extra["wireP50Ms"] = direct.Inner.PercentileMs(0.5) ?? 0;
        figures.Extra["wireP99Ms"] = direct.Inner.PercentileMs(0.99) ?? 0;
        return figures;
    }

    static RunFigures CommandFigures(string peer, string phase, CommandRun run, LatencyHistogram latency, string note)
    {
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = peer, Phase = phase, Unit = "commands/s", Rate = run.Seconds > 0 ? run.Count / run.Seconds : null,
            P50Ms = latency.PercentileMs(0.5), P99Ms = latency.PercentileMs(0.99), Sent = run.Count, Received = run.Count, Dropped = 0,
            PeerCpuPercent = run.PeerCpuPercent, OthersOnPeerCorePercent = run.OthersOnPeerCorePercent, WindowSeconds = run.Seconds, Note = note,
        };
        figures.Extra["peerCpuMicrosecondsPerCommand"] = CpuPerItem(run.PeerCpuPercent, run.Seconds, run.Count);
        figures.Extra["warmUpCommands"] = run.WarmUpCount;
        figures.Extra["answeredByAgent"] = run.Answered;
        return figures;
    }

    static void AddTelemetryRuns(BenchContext context, TelemetryRun hub, TelemetryRun direct)
    {
        var phase = FormattableString.Invariant($"{TelemetryInstruments} × {TelemetryHertz:0} Hz telemetry → {Listeners} ");
        context.Report.Runs.Add(TelemetryFigures(HubPeer.Name, phase + "SSE clients", hub,
            "latency: reading sent by the agent → SSE event read by the client; sent = readings published, received = events delivered to the listeners, dropped = readings not accepted + events missed"));
        context.Report.Runs.Add(TelemetryFigures(MosquittoPeer.Name, phase + "MQTT subscribers", direct,
            "latency: reading sent → delivered to the subscriber; sent = readings published, received = deliveries, dropped = deliveries missed"));

        var comparisons = context.Report.Comparisons;
        var dropped = hub.Published - (hub.Accepted ?? 0);
        comparisons.Add(Comparison.Zero(Benchmark, "telemetry readings not accepted (published − accepted)", MosquittoPeer.Name, dropped, null,
            string.Create(CultureInfo.InvariantCulture, $"published {hub.Published}, accepted {hub.Accepted}, rejected {hub.Rejected}")));
        comparisons.Add(Comparison.Zero(Benchmark, "live telemetry events missed by listeners", MosquittoPeer.Name, hub.Missed, direct.Missed,
            string.Create(CultureInfo.InvariantCulture, $"per SSE client: min {hub.Events.Min()}, median {hub.MedianEvents} of about {hub.Expected.Min()}–{hub.Expected.Max()} expected")));
        comparisons.Add(Comparison.Report(Benchmark, "live telemetry latency p50 (SSE vs MQTT subscriber)", "ms", MosquittoPeer.Name,
            hub.Latency.PercentileMs(0.5), direct.Latency.PercentileMs(0.5)));
        comparisons.Add(Comparison.Report(Benchmark, "live telemetry latency p99 (SSE vs MQTT subscriber)", "ms", MosquittoPeer.Name,
            hub.Latency.PercentileMs(0.99), direct.Latency.PercentileMs(0.99)));
    }

    static RunFigures TelemetryFigures(string peer, string phase, TelemetryRun run, string note)
    {
        var received = run.Events.Sum();
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = peer, Phase = phase, Unit = "events/s", Rate = run.Seconds > 0 ? received / run.Seconds : null,
            P50Ms = run.Latency.PercentileMs(0.5), P99Ms = run.Latency.PercentileMs(0.99), Sent = run.Published, Received = received,
            Dropped = run.Missed + (run.Accepted is { } accepted ? run.Published - accepted : 0),
            Rejected = run.Rejected, PeerCpuPercent = run.PeerCpuPercent, OthersOnPeerCorePercent = run.OthersOnPeerCorePercent,
            WindowSeconds = run.Seconds, Note = note,
        };
        if (run.Accepted is { } ingested)
        {
            figures.Extra["readingsAccepted"] = ingested;
        }

        figures.Extra["eventsMinPerListener"] = run.Events.Min();
        figures.Extra["eventsMedianPerListener"] = run.MedianEvents;
        figures.Extra["eventsExpectedMinPerListener"] = run.Expected.Min();
        figures.Extra["eventsMissed"] = run.Missed;
        figures.Extra["eventsUnmatched"] = run.Unknown;
        figures.Extra["latencySamples"] = run.Latency.Count;
        return figures;
    }

    static double CpuPerItem(double cpuPercent, double seconds, long items) => items > 0 ? cpuPercent / 100 * seconds / items * 1e6 : 0;

    /// <summary>CPU of the peer and of everything else on its core over a stretch of a run.</summary>
    sealed class PeerMeter(BenchContext context, int pid)
    {
        readonly CpuMeter _peer = new(pid);
        readonly CpuMeter _self = new(Environment.ProcessId);
        readonly CoreMeter _core = new(context.Pinning.PeerCoreList);

        public (double Peer, double Others) Stop()
        {
            var peer = _peer.PercentOfOneCore();
            var self = _self.PercentOfOneCore();
            var (busy, _) = _core.Percentages();
            return (peer, Math.Max(0, busy - peer - (context.Pinning.Enabled ? 0 : self)));
        }
    }
}
