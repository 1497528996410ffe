using System.Diagnostics;
using SmartLab.Bench.Load;
using SmartLab.Bench.Measure;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>The shape every load phase shares: warm up, count at the sink over a fixed window, stop, then drain.</summary>
public static class Phases
{
    /// <summary>What a measurement window saw; <c>Attempt</c> is which of the windows measured it was (0 for the first).</summary>
    public readonly record struct Window(long Items, double Seconds, double PeerCpuPercent, double GeneratorCpuPercent, double GeneratorBusyPercent,
        double OthersOnPeerCorePercent, double StealPercent, int Attempt = 0)
    {
        public double Rate => Seconds > 0 ? Items / Seconds : 0;

        /// <summary>CPU time the peer spent per item, microseconds.</summary>
        public double PeerCpuMicrosecondsPerItem => Items > 0 ? PeerCpuPercent / 100 * Seconds / Items * 1e6 : 0;

        public double GeneratorCpuMicrosecondsPerItem => Items > 0 ? GeneratorCpuPercent / 100 * Seconds / Items * 1e6 : 0;
    }

    /// <summary>A window in which other processes took more than this share of the peer's core is measured again.</summary>
    const double DisturbedPercent = 10;

    /// <summary>
    /// Waits the warm-up, then counts what reaches the sink during the measurement window. The first window of a
    /// freshly started .NET peer (<c>firstOfProcess</c>) warms up for <see cref="BenchContext.PeerWarmup"/>. On a
    /// shared machine, a window in which other processes used the peer's core is measured again (up to three times
    /// in all, two in quick mode) and the least disturbed one is kept. <paramref name="sink"/> is called twice per window,
    /// at its start and at its end.
    /// </summary>
    public static async Task<Window> MeasureAsync(BenchContext context, int peerPid, GeneratorLoop loop, Func<Task<long>> sink,
        Action? opened = null, Action? closing = null, bool firstOfProcess = false)
    {
        await Task.Delay(firstOfProcess ? context.PeerWarmup : context.Warmup).ConfigureAwait(false);
        var attempts = context.Settings.Quick ? 2 : 3;
        Window? best = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var window = await OneWindowAsync(context, peerPid, loop, sink, opened, closing).ConfigureAwait(false) with { Attempt = attempt - 1 };
            if (best is null || window.OthersOnPeerCorePercent < best.Value.OthersOnPeerCorePercent)
            {
                best = window;
            }

            if (window.OthersOnPeerCorePercent < DisturbedPercent)
            {
                break;
            }

            BenchContext.Log(FormattableString.Invariant(
                $"  window disturbed: other processes used {window.OthersOnPeerCorePercent:0}% of the peer's core{(attempt < attempts ? "; measuring again" : "; keeping the least disturbed window")}"));
        }

        return best!.Value;
    }

    static async Task<Window> OneWindowAsync(BenchContext context, int peerPid, GeneratorLoop loop, Func<Task<long>> sink, Action? opened,
        Action? closing)
    {
        var peerCpu = new CpuMeter(peerPid);
        var generatorCpu = new CpuMeter(Environment.ProcessId);
        var peerCore = new CoreMeter(context.Pinning.PeerCoreList);
        var generatorBusy = loop.Mark();
        var start = await sink().ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        opened?.Invoke();
        await Task.Delay(context.Measure).ConfigureAwait(false);
        closing?.Invoke();
        var end = await sink().ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var peer = peerCpu.PercentOfOneCore();
        var generator = generatorCpu.PercentOfOneCore();
        var (coreBusy, steal) = peerCore.Percentages();

        // Unpinned, the peer's "core" is every core and the generator is on it too.
        var others = coreBusy - peer - (context.Pinning.Enabled ? 0 : generator);
        return new Window(end - start, seconds, peer, generator, loop.BusyPercentSince(generatorBusy), Math.Max(0, others), steal);
    }

    /// <summary>
    /// After the load stopped: waits until the sink has counted <paramref name="expected"/> or has made no progress for
    /// three seconds; returns its last count.
    /// </summary>
    public static async Task<long> DrainAsync(Func<Task<long>> sink, long expected)
    {
        var last = await sink().ConfigureAwait(false);
        var lastProgress = Stopwatch.GetTimestamp();
        var started = lastProgress;
        while (last < expected && Stopwatch.GetElapsedTime(lastProgress) < TimeSpan.FromSeconds(3)
               && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(25).ConfigureAwait(false);
            var now = await sink().ConfigureAwait(false);
            if (now != last)
            {
                last = now;
                lastProgress = Stopwatch.GetTimestamp();
            }
        }

        return last;
    }
}
