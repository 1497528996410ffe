using System.Diagnostics;
using SmartLab.Bench.Measure;

namespace SmartLab.Bench.Load;

/// <summary>
/// Runs one <see cref="JobPhase"/> against a peer: the submitters, the wait for every completion, the timing. The peer
/// supplies how to submit a range of jobs (answering each in the <see cref="JobLedger"/> as its submit call returns)
/// and how to tell that the completions are durable; the peer's jobs record dispatch and completion in the ledger.
/// </summary>
public static class JobDriver
{
    /// <summary>Longest a phase may go without a job completing before it is declared stuck.</summary>
    static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    /// <param name="phase">What to run.</param>
    /// <param name="ledger">Where the peer's jobs record dispatch and completion, sized for the phase.</param>
    /// <param name="submit">Submits jobs <c>[first, first + count)</c> in one call and answers them in the ledger.</param>
    /// <param name="durable">
    /// After every job has completed: waits until the peer has recorded the completions durably and returns the stopwatch
    /// ticks when it had (the ledger's last completion when completion is already durable).
    /// </param>
    /// <param name="cpuSeconds">The peer's CPU time so far, seconds.</param>
    /// <param name="peerCores">The core the peer is pinned to, to tell what other processes took of it; null when unpinned.</param>
    /// <param name="describe">What the peer's side knows, for the error message of a stuck phase.</param>
    public static async Task<JobPhaseResult> RunAsync(JobPhase phase, JobLedger ledger, Func<int, int, Task> submit, Func<Task<long>> durable,
        Func<double> cpuSeconds, IReadOnlyList<int>? peerCores, Func<string>? describe = null)
    {
        var progress = new Progress(phase, ledger, describe);
        var core = peerCores is null ? null : new CoreMeter(peerCores);
        var cpuBefore = cpuSeconds();
        var started = Stopwatch.GetTimestamp();
        long lastAnswer = 0;
        if (phase.OneAtATime)
        {
            for (var i = 0; i < phase.Jobs; i++)
            {
                await submit(i, 1).ConfigureAwait(false);
                while (ledger.Completed <= i)
                {
                    progress.Check();
                    await Task.Delay(1).ConfigureAwait(false);
                }
            }

            lastAnswer = Stopwatch.GetTimestamp();
        }
        else
        {
            var next = -phase.PerCall;
            var submitters = Enumerable.Range(0, phase.Submitters).Select(_ => Task.Run(async () =>
            {
                int first;
                while ((first = Interlocked.Add(ref next, phase.PerCall)) < phase.Jobs)
                {
                    await submit(first, Math.Min(phase.PerCall, phase.Jobs - first)).ConfigureAwait(false);
                }
            }));
            await Task.WhenAll(submitters).ConfigureAwait(false);
            lastAnswer = Stopwatch.GetTimestamp();
        }

        while (await Task.WhenAny(ledger.AllCompleted, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) != ledger.AllCompleted)
        {
            progress.Check();
        }

        var ended = await durable().ConfigureAwait(false);
        var seconds = (ended - started) / (double)Stopwatch.Frequency;
        var cpu = (cpuSeconds() - cpuBefore) / seconds * 100;
        double? others = core is null ? null : Math.Max(0, core.Percentages().BusyPercent - cpu);
        var latency = ledger.DispatchLatency(out var early);
        return new JobPhaseResult(phase.Name, phase.Description, phase.Jobs, seconds, (lastAnswer - started) / (double)Stopwatch.Frequency,
            latency.PercentileMs(0.5), latency.PercentileMs(0.99), early, ledger.DuplicateDispatches, cpu, others);
    }

    /// <summary>Fails the phase when no job has completed for <see cref="Stall"/>.</summary>
    sealed class Progress(JobPhase phase, JobLedger ledger, Func<string>? describe)
    {
        long _completed = -1;
        long _since = Stopwatch.GetTimestamp();

        public void Check()
        {
            var completed = ledger.Completed;
            if (completed != _completed)
            {
                (_completed, _since) = (completed, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(_since) > Stall)
            {
                throw new TimeoutException(
                    $"jobs phase {phase.Name}: {completed} of {phase.Jobs} jobs completed, none in the last {Stall.TotalSeconds:0} s; {describe?.Invoke()}");
            }
        }
    }
}
