using System.Diagnostics;
using SmartLab.Bench.Load;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class CommandsBenchmark
{
    /// <summary>A series in which other processes took more than this share of the peer's core is timed again.</summary>
    const double DisturbedPercent = 10;

    /// <summary>
    /// Sends commands one at a time for <paramref name="warmUp"/>, then times <see cref="Commands"/> of them.
    /// <paramref name="send"/> returns the round trip in stopwatch ticks and the inner figure in nanoseconds. As with
    /// the other benchmarks' windows, a series disturbed by other processes on the peer's core is timed again (three
    /// series at most, two in quick mode) and the least disturbed one is kept.
    /// </summary>
    static async Task<CommandRun> TimeCommandsAsync(BenchContext context, int pid, TimeSpan warmUp, Func<Task<(long Ticks, long InnerNanoseconds)>> send,
        Func<long> answered)
    {
        var clock = Stopwatch.StartNew();
        long warmUpCount = 0;
        while (clock.Elapsed < warmUp)
        {
            await send().ConfigureAwait(false);
            warmUpCount++;
        }

        var attempts = context.Settings.Quick ? 2 : 3;
        CommandRun? best = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var run = await SeriesAsync(context, pid, send).ConfigureAwait(false);
            if (best is null || run.OthersOnPeerCorePercent < best.OthersOnPeerCorePercent)
            {
                best = run;
            }

            if (run.OthersOnPeerCorePercent < DisturbedPercent)
            {
                break;
            }

            BenchContext.Log(FormattableString.Invariant(
                $"  series disturbed: other processes used {run.OthersOnPeerCorePercent:0}% of the peer's core{(attempt < attempts ? "; timing again" : "; keeping the least disturbed series")}"));
        }

        return best! with { WarmUpCount = warmUpCount, Answered = answered() };
    }

    static async Task<CommandRun> SeriesAsync(BenchContext context, int pid, Func<Task<(long Ticks, long InnerNanoseconds)>> send)
    {
        var count = Commands(context);
        var roundTrip = new LatencyHistogram();
        var inner = new LatencyHistogram();
        var meter = new PeerMeter(context, pid);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var (ticks, innerNanoseconds) = await send().ConfigureAwait(false);
            roundTrip.RecordTicks(ticks);
            inner.Record(innerNanoseconds);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (peer, others) = meter.Stop();
        return new CommandRun(count, seconds, roundTrip, inner, peer, others, 0, 0, 0);
    }

    static void Log(string peer, string what, LatencyHistogram latency, CommandRun run) => BenchContext.Log(FormattableString.Invariant(
        $"  {peer,-13} {what,-22} {run.Count / run.Seconds,8:N0} commands/s  p50 {latency.PercentileMs(0.5):0.000} ms  p99 {latency.PercentileMs(0.99):0.000} ms  peer CPU {run.PeerCpuPercent:0}%  ({run.WarmUpCount:N0} warm-up commands)"));
}
