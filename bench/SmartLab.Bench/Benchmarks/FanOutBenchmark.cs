using System.Globalization;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Fan-out: one instrument's QoS 0 telemetry to many subscribers (on the hub: staff observers, which the hub checks like
/// any login), against the same topology on Mosquitto. The publisher may run at most a window ahead of the slowest
/// subscriber, so the broker's delivery rate is what is measured and every missing delivery is a loss.
/// </summary>
public sealed class FanOutBenchmark : IBenchmark
{
    const string Benchmark = "fanout";
    const string Source = "fan-src";

    public string Name => Benchmark;

    public string Description => "one instrument to 100 subscribers: hub observers vs Mosquitto subscribers";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var count = context.Settings.Subscribers;
        BenchContext.Log($"fan-out: 1 publisher to {count} subscribers, end-to-end window {context.Settings.FanOutWindow}");
        var clientIds = Enumerable.Range(1, count).Select(i => $"bench.sub-{i:D3}").ToList();
        var topic = Agents.Topic(Source, "telemetry");

        using var loop = new GeneratorLoop();
        RunFigures hubFigures;
        await using (var hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false))
        {
            var token = await hub.CreateAccountAsync("bench", "staff").ConfigureAwait(false);
            var publisher = await Agents.ConnectAsync(hub.MqttPort, await hub.RegisterAsync([Source]).ConfigureAwait(false), 1, loop, cancellationToken)
                .ConfigureAwait(false);
            var subscribers = await Agents.SubscribeAsync(hub.MqttPort, clientIds, "account:bench", token, topic, 0, 16, loop, cancellationToken)
                .ConfigureAwait(false);
            hubFigures = await RunAsync(context, loop, HubPeer.Name, hub.Pid, publisher[0], subscribers, firstOfProcess: true).ConfigureAwait(false);
            var metrics = await hub.MetricsAsync().ConfigureAwait(false);
            hubFigures.Extra["hubDroppedQueuedMessagesTotal"] = metrics.GetValueOrDefault("smartlab_mqtt_dropped_queued_messages_total");
            hubFigures.PeerRssBytes = hub.ResidentBytes;
            await Agents.CloseAsync(publisher.Concat(subscribers)).ConfigureAwait(false);
        }

        RunFigures mosquittoFigures;
        await using (var mosquitto = await MosquittoPeer.StartAsync(context, Benchmark).ConfigureAwait(false))
        {
            var publisher = await Agents.ConnectAsync(mosquitto.Port, [(Source, null)], 1, loop, cancellationToken).ConfigureAwait(false);
            var subscribers = await Agents.SubscribeAsync(mosquitto.Port, clientIds, null, null, topic, 0, 16, loop, cancellationToken)
                .ConfigureAwait(false);
            mosquittoFigures = await RunAsync(context, loop, MosquittoPeer.Name, mosquitto.Pid, publisher[0], subscribers).ConfigureAwait(false);
            mosquittoFigures.PeerRssBytes = mosquitto.ResidentBytes;
            await Agents.CloseAsync(publisher.Concat(subscribers)).ConfigureAwait(false);
        }

        context.Report.Runs.Add(hubFigures);
        context.Report.Runs.Add(mosquittoFigures);
        context.Report.Comparisons.Add(Comparison.AtLeast(Benchmark, $"deliveries to {count} subscribers", "msg/s", MosquittoPeer.Name,
            hubFigures.Rate ?? 0, mosquittoFigures.Rate ?? 0, 1.0, TelemetryBenchmark.CpuNote(hubFigures, mosquittoFigures)));
        var hubLost = (hubFigures.Dropped ?? 0) + (long)hubFigures.Extra.GetValueOrDefault("hubDroppedQueuedMessagesTotal");
        context.Report.Comparisons.Add(Comparison.Zero(Benchmark, "lost deliveries", MosquittoPeer.Name, hubLost, mosquittoFigures.Dropped,
            "deliveries the subscribers never received (or the hub counted as dropped from a full queue)"));
    }

    static async Task<RunFigures> RunAsync(BenchContext context, GeneratorLoop loop, string peer, int pid, MqttConnection publisher,
        IReadOnlyList<MqttConnection> subscribers, bool firstOfProcess = false)
    {
        var sink = new SinkLoad { SeqClock = new long[1 << 20] };
        foreach (var subscriber in subscribers)
        {
            sink.Add(subscriber);
        }

        var lane = new PublisherLane(publisher, Agents.Topic(Source, "telemetry"), TelemetryPayloads.Instance) { SeqClock = sink.SeqClock };
        var driver = new FanOutDriver(loop, lane, sink, context.Settings.FanOutWindow);
        var receivedBefore = sink.Received;
        await driver.StartAsync().ConfigureAwait(false);
        var window = await Phases.MeasureAsync(context, pid, loop, () => Task.FromResult(sink.Received),
            opened: () => sink.Recording = true, closing: () => sink.Recording = false, firstOfProcess: firstOfProcess).ConfigureAwait(false);
        await driver.StopAsync().ConfigureAwait(false);
        var expected = receivedBefore + (lane.Sent * subscribers.Count);
        var received = await Phases.DrainAsync(() => Task.FromResult(sink.Received), expected).ConfigureAwait(false);
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = peer, Phase = string.Create(CultureInfo.InvariantCulture, $"1 → {subscribers.Count}, QoS 0"),
            Unit = "deliveries/s", Rate = window.Rate, P50Ms = sink.Latency.PercentileMs(0.5), P99Ms = sink.Latency.PercentileMs(0.99),
            Sent = lane.Sent, Received = received - receivedBefore, Dropped = Math.Max(0, expected - received), PeerCpuPercent = window.PeerCpuPercent,
            GeneratorCpuPercent = window.GeneratorCpuPercent, GeneratorBusyPercent = window.GeneratorBusyPercent, OthersOnPeerCorePercent = window.OthersOnPeerCorePercent, StealPercent = window.StealPercent, WindowSeconds = window.Seconds,
            Note = "latency is publish→delivery at each subscriber",
        };
        figures.Extra["publishedPerSecond"] = window.Rate / subscribers.Count;
        figures.Extra["peerCpuMicrosecondsPerMessage"] = window.PeerCpuMicrosecondsPerItem;
        BenchContext.Log(FormattableString.Invariant(
            $"  {peer,-13} {window.Rate,10:N0} deliveries/s ({window.Rate / subscribers.Count:N0} published/s)  p99 {figures.P99Ms:0.00} ms  lost {figures.Dropped}  peer CPU {window.PeerCpuPercent:0}%  generator busy {window.GeneratorBusyPercent:0}%"));
        return figures;
    }
}
