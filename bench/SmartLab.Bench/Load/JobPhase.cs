using System.Globalization;

namespace SmartLab.Bench.Load;

/// <summary>
/// One phase of the jobs benchmark, the same for both peers: <see cref="Jobs"/> jobs submitted by <see cref="Submitters"/>
/// concurrent submitters, <see cref="PerCall"/> jobs per submit call. <see cref="OneAtATime"/> submits the next job only
/// when the previous one has completed, so the latency is that of an idle system.
/// </summary>
public sealed record JobPhase(string Name, int Jobs, int Submitters, int PerCall, bool OneAtATime = false)
{
    public string Description => OneAtATime
        ? "one job at a time"
        : PerCall > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Submitters} submitters, {PerCall} jobs per call")
            : string.Create(CultureInfo.InvariantCulture, $"{Submitters} submitters, one job per call");

    /// <summary>The phases of a run: a throughput phase in batches, one with single submits, one for idle latency.</summary>
    public static IReadOnlyList<JobPhase> For(bool quick) => quick
        ? [new("batches", 2_000, 4, 100), new("singles", 1_000, 4, 1), new("idle", 200, 1, 1, OneAtATime: true)]
        : [new("batches", 20_000, 4, 100), new("singles", 5_000, 4, 1), new("idle", 500, 1, 1, OneAtATime: true)];

    /// <summary>
    /// One round of the warm-up that runs before the measured phases (code paths compiled and optimised, caches and files
    /// warm): batches, then single submits. Rounds repeat until the peer's warm-up time is over.
    /// </summary>
    public static IReadOnlyList<JobPhase> WarmupRound(int round) =>
        [new($"warm-up {round} batches", 1_000, 4, 100), new($"warm-up {round} singles", 200, 4, 1)];

    /// <summary>Runs warm-up rounds with <paramref name="run"/> until <paramref name="duration"/> has passed (one round at least).</summary>
    public static async Task WarmUpAsync(TimeSpan duration, Func<JobPhase, Task> run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var round = 0;
        do
        {
            round++;
            foreach (var phase in WarmupRound(round))
            {
                await run(phase).ConfigureAwait(false);
            }
        }
        while (clock.Elapsed < duration);
    }
}
