using System.Diagnostics;
using SmartLab.Bench.Load;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class CommandsBenchmark
{
    /// <summary>
    /// With every listener already subscribed: publish for the warm-up, record latencies over the window, stop, then
    /// wait until each listener has every reading its instrument published (and, on the hub, until the hub has counted
    /// every reading) or nothing has moved for three seconds. Events are counted over the whole run, latencies over the
    /// window only.
    /// </summary>
    static async Task<TelemetryRun> TimeTelemetryAsync(BenchContext context, int pid, SseTelemetrySource source, Func<long[]> events,
        int[] instrumentOfListener, Func<Task<long>>? ingested)
    {
        var clock = Stopwatch.StartNew();
        source.Start();
        await Task.Delay(context.Warmup).ConfigureAwait(false);
        var meter = new PeerMeter(context, pid);
        source.StartRecording();
        await Task.Delay(TelemetryWindow(context)).ConfigureAwait(false);
        source.StopRecording();
        var (peer, others) = meter.Stop();
        await source.StopAsync().ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;

        var published = source.PublishedTotal;
        var expected = instrumentOfListener.Select(source.Published).ToArray();
        async Task<long> Progress()
        {
            var got = events().Zip(expected, Math.Min).Sum();
            return ingested is null ? got : got + Math.Min(published, await ingested().ConfigureAwait(false));
        }

        await Phases.DrainAsync(Progress, expected.Sum() + (ingested is null ? 0 : published)).ConfigureAwait(false);
        return new TelemetryRun(published, null, null, events(), expected, 0, source.Latency, seconds, peer, others);
    }

    static void Log(string peer, string listeners, TelemetryRun run) => BenchContext.Log(FormattableString.Invariant(
        $"  {peer,-13} {listeners,-22} published {run.Published:N0}, accepted {(run.Accepted is { } a ? a.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-")}; events per listener min {run.Events.Min():N0} median {run.MedianEvents:N0} (expected ≥ {run.Expected.Min():N0}), missed {run.Missed}  p50 {run.Latency.PercentileMs(0.5):0.000} ms  p99 {run.Latency.PercentileMs(0.99):0.000} ms  peer CPU {run.PeerCpuPercent:0}%"));
}
