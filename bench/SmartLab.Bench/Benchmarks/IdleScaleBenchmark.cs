using System.Diagnostics;
using System.Globalization;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Idle scale: one hot instrument streams QoS 1 telemetry, first alone, then with many connected instruments that only
/// said hello and keep their connection alive. The hot stream must keep most of its throughput; the memory each idle
/// instrument costs the hub is reported, next to what one idle connection costs Mosquitto.
/// </summary>
public sealed class IdleScaleBenchmark : IBenchmark
{
    const string Benchmark = "idle";
    const int HotWindow = 32;

    public string Name => Benchmark;

    public string Description => "1,000 connected idle instruments plus one hot stream, vs the hot stream alone; memory per idle instrument";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var count = context.Settings.Idle;
        BenchContext.Log($"idle scale: {count} idle instruments and one hot stream");
        using var pinger = new KeepAlivePinger();
        using var loop = new GeneratorLoop();
        await using var hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var idleIds = Enumerable.Range(1, count).Select(i => $"idle-{i:D4}").ToList();
        var registered = await hub.RegisterAsync(["idle-hot", .. idleIds], 16).ConfigureAwait(false);
        var hot = await Agents.ConnectAsync(hub.MqttPort, registered.Take(1).ToList(), 1, loop, cancellationToken).ConfigureAwait(false);
        pinger.Add(hot);
        var lane = new PublisherLane(hot[0], Agents.Topic("idle-hot", "telemetry"), TelemetryPayloads.Instance);

        var alone = await HotStreamAsync(context, hub, loop, lane, "hot stream alone", firstOfProcess: true).ConfigureAwait(false);
        var rssBefore = hub.ResidentBytes;

        var connecting = Stopwatch.StartNew();
        var idle = await Agents.ConnectAsync(hub.MqttPort, registered.Skip(1).ToList(), 32, null, cancellationToken).ConfigureAwait(false);
        pinger.Add(idle);
        await hub.WaitOnlineAsync(count + 1, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        var rssIdle = hub.ResidentBytes;
        BenchContext.Log(FormattableString.Invariant($"  {count} idle instruments connected and born in {connectSeconds:0.0} s"));

        var crowded = await HotStreamAsync(context, hub, loop, lane, $"hot stream + {count} idle").ConfigureAwait(false);
        var perIdleKiB = (rssIdle - rssBefore) / 1024.0 / count;
        crowded.PeerRssBytes = hub.ResidentBytes;
        alone.PeerRssBytes = rssBefore;
        crowded.Extra["idleConnectSeconds"] = connectSeconds;
        crowded.Extra["hubKiBPerIdleInstrument"] = perIdleKiB;
        crowded.Extra["openIdleConnectionsAtEnd"] = idle.Count(c => c.IsOpen);

        var mosquittoPerIdleKiB = await MosquittoIdleMemoryAsync(context, idleIds, cancellationToken).ConfigureAwait(false);
        context.Report.Runs.Add(alone);
        context.Report.Runs.Add(crowded);
        context.Report.Comparisons.Add(Comparison.AtLeast(Benchmark, $"hot stream with {count} idle vs alone", "msg/s",
            "same hub, no idle instruments", crowded.Rate ?? 0, alone.Rate ?? 0, 0.8, string.Create(CultureInfo.InvariantCulture,
                $"with idle instruments connected the hub's core was {crowded.PeerCpuPercent:0}% busy (alone {alone.PeerCpuPercent:0}%); per message {crowded.Extra.GetValueOrDefault("peerCpuMicrosecondsPerMessage"):0.0} µs vs {alone.Extra.GetValueOrDefault("peerCpuMicrosecondsPerMessage"):0.0} µs")));
        context.Report.Comparisons.Add(Comparison.Report(Benchmark, "memory per idle instrument", "KiB", MosquittoPeer.Name + " (per idle client)",
            perIdleKiB, mosquittoPerIdleKiB));
        await Agents.CloseAsync(hot.Concat(idle)).ConfigureAwait(false);
    }

    static async Task<RunFigures> HotStreamAsync(BenchContext context, HubPeer hub, GeneratorLoop loop, PublisherLane lane, string phase,
        bool firstOfProcess = false)
    {
        var load = new Qos1Load(loop, [lane]);
        var sentBefore = lane.Sent;
        var refusedBefore = lane.Rejected;
        await load.StartSaturatingAsync(HotWindow).ConfigureAwait(false);
        var window = await Phases.MeasureAsync(context, hub.Pid, loop, () => Task.FromResult(lane.Acked),
            opened: () => load.Recording = true, closing: () => load.Recording = false, firstOfProcess: firstOfProcess).ConfigureAwait(false);
        var unacknowledged = await load.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = HubPeer.Name, Phase = phase, Rate = window.Rate, P50Ms = load.Latency.PercentileMs(0.5),
            P99Ms = load.Latency.PercentileMs(0.99), Sent = lane.Sent - sentBefore, Dropped = unacknowledged, Rejected = lane.Rejected - refusedBefore,
            PeerCpuPercent = window.PeerCpuPercent, GeneratorCpuPercent = window.GeneratorCpuPercent, GeneratorBusyPercent = window.GeneratorBusyPercent, OthersOnPeerCorePercent = window.OthersOnPeerCorePercent, StealPercent = window.StealPercent, WindowSeconds = window.Seconds,
            Note = $"one connection, QoS 1, {HotWindow} in flight",
        };
        figures.Extra["peerCpuMicrosecondsPerMessage"] = window.PeerCpuMicrosecondsPerItem;
        BenchContext.Log(FormattableString.Invariant(
            $"  {phase,-28} {window.Rate,10:N0} msg/s  p99 {figures.P99Ms:0.00} ms  hub CPU {window.PeerCpuPercent:0}%  RSS {hub.ResidentBytes / 1048576.0:0} MiB"));
        return figures;
    }

    /// <summary>Mosquitto's resident memory per idle client that published a retained birth, for scale.</summary>
    static async Task<double> MosquittoIdleMemoryAsync(BenchContext context, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var mosquitto = await MosquittoPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var before = mosquitto.ResidentBytes;
        var idle = await Agents.ConnectAsync(mosquitto.Port, [.. ids.Select(id => (id, (string?)null))], 32, null, cancellationToken).ConfigureAwait(false);
        var after = mosquitto.ResidentBytes;
        await Agents.CloseAsync(idle).ConfigureAwait(false);
        var perIdle = (after - before) / 1024.0 / ids.Count;
        BenchContext.Log(FormattableString.Invariant($"  Mosquitto: {perIdle:0.0} KiB per idle client"));
        return perIdle;
    }
}
