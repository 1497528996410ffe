using SmartLab.Bench.Load;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class TelemetryBenchmark
{
    /// <summary>A peer as the telemetry phases see it: where to publish and how to read its sink.</summary>
    sealed record Target(string Name, int Pid, GeneratorLoop Loop, IReadOnlyList<PublisherLane> Lanes, Func<Task<SinkReading>> Sink);

    static async Task<RunFigures> Qos0Async(BenchContext context, Target target, bool firstOfProcess = false)
    {
        var before = await target.Sink().ConfigureAwait(false);
        var sentBefore = target.Lanes.Sum(l => l.Sent);
        var blast = new Qos0Blast(target.Loop, target.Lanes);
        await blast.StartAsync().ConfigureAwait(false);
        var window = await Phases.MeasureAsync(context, target.Pid, target.Loop, Seen(target), firstOfProcess: firstOfProcess).ConfigureAwait(false);
        await blast.StopAsync().ConfigureAwait(false);
        return await FinishAsync(target, "QoS 0 saturated", window, before, sentBefore, null).ConfigureAwait(false);
    }

    static async Task<RunFigures> Qos1Async(BenchContext context, Target target, double? pacedRate)
    {
        var before = await target.Sink().ConfigureAwait(false);
        var sentBefore = target.Lanes.Sum(l => l.Sent);
        var refusedBefore = target.Lanes.Sum(l => l.Rejected);
        var load = new Qos1Load(target.Loop, target.Lanes);
        if (pacedRate is { } rate)
        {
            await load.StartPacedAsync(rate, context.Settings.Window).ConfigureAwait(false);
        }
        else
        {
            await load.StartSaturatingAsync(context.Settings.Window).ConfigureAwait(false);
        }

        var window = await Phases.MeasureAsync(context, target.Pid, target.Loop, Seen(target),
            opened: () => load.Recording = true, closing: () => load.Recording = false).ConfigureAwait(false);
        var unacknowledged = await load.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var figures = await FinishAsync(target, pacedRate is null ? "QoS 1 saturated" : "QoS 1 at equal load", window, before, sentBefore,
            load.Latency).ConfigureAwait(false);
        figures.Extra["pubackRefusals"] = target.Lanes.Sum(l => l.Rejected) - refusedBefore;
        figures.Extra["unacknowledgedAtEnd"] = unacknowledged;
        if (pacedRate is { } offered)
        {
            figures.Extra["offeredRate"] = offered;
        }

        return figures;
    }

    static Func<Task<long>> Seen(Target target) => async () => (await target.Sink().ConfigureAwait(false)).Seen;

    static async Task<RunFigures> FinishAsync(Target target, string phase, Phases.Window window, SinkReading before, long sentBefore,
        LatencyHistogram? latency)
    {
        var sent = target.Lanes.Sum(l => l.Sent) - sentBefore;
        var seen = await Phases.DrainAsync(Seen(target), before.Seen + sent).ConfigureAwait(false);
        var delta = await target.Sink().ConfigureAwait(false) - before;
        var figures = new RunFigures
        {
            Benchmark = "telemetry",
            Peer = target.Name,
            Phase = phase,
            Rate = window.Rate,
            P50Ms = latency?.PercentileMs(0.50),
            P99Ms = latency?.PercentileMs(0.99),
            Sent = sent,
            Received = seen - before.Seen,
            Dropped = Math.Max(0, sent - (seen - before.Seen)),
            Rejected = delta.Rejected,
            PeerCpuPercent = window.PeerCpuPercent,
            GeneratorCpuPercent = window.GeneratorCpuPercent, GeneratorBusyPercent = window.GeneratorBusyPercent, OthersOnPeerCorePercent = window.OthersOnPeerCorePercent, StealPercent = window.StealPercent,
            WindowSeconds = window.Seconds,
        };
        figures.Extra["peerCpuMicrosecondsPerMessage"] = window.PeerCpuMicrosecondsPerItem;
        figures.Extra["generatorCpuMicrosecondsPerMessage"] = window.GeneratorCpuMicrosecondsPerItem;
        BenchContext.Log(FormattableString.Invariant(
            $"  {target.Name,-13} {phase,-20} {window.Rate,10:N0} msg/s  p99 {figures.P99Ms?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-",7} ms  dropped {figures.Dropped}  peer CPU {window.PeerCpuPercent:0}%  generator busy {window.GeneratorBusyPercent:0}%"));
        return figures;
    }

    /// <summary>Runs <paramref name="phase"/> on Mosquitto with a fresh plain subscriber to all telemetry at <paramref name="qos"/>.</summary>
    static async Task<RunFigures> WithSubscriberAsync(MosquittoTarget mosquitto, int qos, Func<Target, Task<RunFigures>> phase,
        CancellationToken cancellationToken)
    {
        var subscribers = await Agents.SubscribeAsync(mosquitto.Port, [$"bench-sink-qos{qos}"], null, null,
            "smartlab/v1/instruments/+/telemetry", qos, 1, mosquitto.Loop, cancellationToken).ConfigureAwait(false);
        var sink = new SinkLoad();
        sink.Add(subscribers[0]);
        try
        {
            var target = new Target(Peers.MosquittoPeer.Name, mosquitto.Pid, mosquitto.Loop, mosquitto.Lanes,
                () => Task.FromResult(new SinkReading(sink.Received, 0)));
            var figures = await phase(target).ConfigureAwait(false);
            figures.Note = $"plain subscriber at QoS {qos}";
            return figures;
        }
        finally
        {
            await Agents.CloseAsync(subscribers).ConfigureAwait(false);
        }
    }

    sealed record MosquittoTarget(int Port, int Pid, GeneratorLoop Loop, IReadOnlyList<PublisherLane> Lanes);
}
