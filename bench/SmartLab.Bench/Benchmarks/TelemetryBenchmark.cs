using System.Globalization;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Telemetry ingest: N instruments publish telemetry through the hub (validated, counted, downsampled into history)
/// and the same load through Mosquitto to one plain subscriber. Throughput at saturation for QoS 0 and QoS 1, then
/// publish→PUBACK latency of both at the same offered rate.
/// </summary>
public sealed partial class TelemetryBenchmark : IBenchmark
{
    const string Benchmark = "telemetry";

    public string Name => Benchmark;

    public string Description => "N instruments publishing QoS 0 and QoS 1 telemetry: hub vs Mosquitto with a plain subscriber";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var ids = Enumerable.Range(1, settings.Instruments).Select(i => $"tele-{i:D4}").ToList();
        BenchContext.Log($"telemetry ingest: {ids.Count} instruments, window {settings.Window} for QoS 1");
        using var pinger = new KeepAlivePinger();
        using var loop = new GeneratorLoop();

        await using var hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var hubAgents = await Agents.ConnectAsync(hub.MqttPort, await hub.RegisterAsync(ids).ConfigureAwait(false), 16, loop, cancellationToken)
            .ConfigureAwait(false);
        pinger.Add(hubAgents);
        var hubTarget = new Target(HubPeer.Name, hub.Pid, loop, Lanes(hubAgents), async () =>
        {
            var counters = await hub.CountersAsync().ConfigureAwait(false);
            return new SinkReading(counters.TelemetrySeen, counters.TelemetryRejected);
        });

        await using var mosquitto = await MosquittoPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var mosquittoAgents = await Agents.ConnectAsync(mosquitto.Port, [.. ids.Select(id => (id, (string?)null))], 16, loop, cancellationToken)
            .ConfigureAwait(false);
        pinger.Add(mosquittoAgents);
        var mosquittoTarget = new MosquittoTarget(mosquitto.Port, mosquitto.Pid, loop, Lanes(mosquittoAgents));

        var hubQos0 = await Qos0Async(context, hubTarget, firstOfProcess: true).ConfigureAwait(false);
        var mosquittoQos0 = await WithSubscriberAsync(mosquittoTarget, 0, t => Qos0Async(context, t), cancellationToken).ConfigureAwait(false);
        var hubQos1 = await Qos1Async(context, hubTarget, null).ConfigureAwait(false);
        var mosquittoQos1 = await WithSubscriberAsync(mosquittoTarget, settings.SinkQos, t => Qos1Async(context, t, null), cancellationToken)
            .ConfigureAwait(false);

        // Latency compares like with like only at the same offered load, below what either peer saturates at.
        var rate = settings.LatencyLoad * Math.Min(hubQos1.Rate ?? 0, mosquittoQos1.Rate ?? 0);
        BenchContext.Log(FormattableString.Invariant($"  latency at equal load: {rate:N0} msg/s offered to each peer"));
        var hubPaced = await Qos1Async(context, hubTarget, rate).ConfigureAwait(false);
        var mosquittoPaced = await WithSubscriberAsync(mosquittoTarget, settings.SinkQos, t => Qos1Async(context, t, rate), cancellationToken)
            .ConfigureAwait(false);

        var metrics = await hub.MetricsAsync().ConfigureAwait(false);
        var counters = await hub.CountersAsync().ConfigureAwait(false);
        hubQos0.Extra["hubSeqGapsTotal"] = counters.SeqGaps;
        hubQos0.Extra["hubDroppedQueuedMessagesTotal"] = metrics.GetValueOrDefault("smartlab_mqtt_dropped_queued_messages_total");
        hubQos0.PeerRssBytes = hub.ResidentBytes;
        mosquittoQos0.PeerRssBytes = mosquitto.ResidentBytes;
        context.Report.Runs.AddRange([hubQos0, mosquittoQos0, hubQos1, mosquittoQos1, hubPaced, mosquittoPaced]);

        AddComparisons(context.Report, hubQos0, mosquittoQos0, hubQos1, mosquittoQos1, hubPaced, mosquittoPaced, counters.SeqGaps);
        await Agents.CloseAsync(hubAgents.Concat(mosquittoAgents)).ConfigureAwait(false);
    }

    static List<PublisherLane> Lanes(IEnumerable<MqttConnection> agents) =>
        [.. agents.Select(a => new PublisherLane(a, Agents.Topic(a.ClientId, "telemetry"), TelemetryPayloads.Instance))];

    static void AddComparisons(SuiteReport report, RunFigures hubQos0, RunFigures mosquittoQos0, RunFigures hubQos1, RunFigures mosquittoQos1,
        RunFigures hubPaced, RunFigures mosquittoPaced, long seqGaps)
    {
        report.Comparisons.Add(Comparison.AtLeast(Benchmark, "QoS 0 throughput", "msg/s", MosquittoPeer.Name, hubQos0.Rate ?? 0,
            mosquittoQos0.Rate ?? 0, 1.0, CpuNote(hubQos0, mosquittoQos0)));
        report.Comparisons.Add(Comparison.AtLeast(Benchmark, "QoS 1 throughput", "msg/s", MosquittoPeer.Name, hubQos1.Rate ?? 0,
            mosquittoQos1.Rate ?? 0, 1.0, CpuNote(hubQos1, mosquittoQos1)));
        report.Comparisons.Add(Comparison.AtMost(Benchmark, "QoS 1 p99 publish→PUBACK at equal load", "ms", MosquittoPeer.Name,
            hubPaced.P99Ms, mosquittoPaced.P99Ms, 1.5, FormattableString.Invariant(
                $"at {hubPaced.Extra.GetValueOrDefault("offeredRate"):N0} msg/s the hub's PUBACK waits for the ingest of the message (JSON, schema, profile) on the connection's receive loop; its core was {hubPaced.PeerCpuPercent:0}% busy vs Mosquitto's {mosquittoPaced.PeerCpuPercent:0}%")));
        var hubDrops = new[] { hubQos0, hubQos1, hubPaced }.Sum(r => (r.Dropped ?? 0) + (r.Rejected ?? 0));
        var peerDrops = new[] { mosquittoQos0, mosquittoQos1, mosquittoPaced }.Sum(r => r.Dropped ?? 0);
        report.Comparisons.Add(Comparison.Zero(Benchmark, "dropped or refused messages", MosquittoPeer.Name, hubDrops, peerDrops,
            FormattableString.Invariant($"sent but not accepted by the hub (seq gaps counted by the hub: {seqGaps})")));
    }

    /// <summary>The usual reason a throughput target is missed, in this run's own numbers.</summary>
    internal static string CpuNote(RunFigures smartLab, RunFigures peer)
    {
        var hubCost = smartLab.Extra.GetValueOrDefault("peerCpuMicrosecondsPerMessage");
        var peerCost = peer.Extra.GetValueOrDefault("peerCpuMicrosecondsPerMessage");
        var bound = smartLab.PeerCpuPercent >= 90 ? "CPU-bound on its core" : "not CPU-bound: something waits (locks, I/O, the generator)";
        return string.Create(CultureInfo.InvariantCulture,
            $"the hub is {bound} ({smartLab.PeerCpuPercent:0}% of its core, generator loop busy {smartLab.GeneratorBusyPercent:0}%); it spends {hubCost:0.0} µs of CPU per message, {peer.Peer} {peerCost:0.0} µs ({(peerCost > 0 ? hubCost / peerCost : 0):0.0}×)");
    }
}
