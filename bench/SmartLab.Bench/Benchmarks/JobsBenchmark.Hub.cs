using System.Diagnostics;
using SmartLab.Bench.Load;
using SmartLab.Bench.Measure;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class JobsBenchmark
{
    /// <summary>What the hub did: each measured phase, and the end-of-run check against its own job list.</summary>
    sealed record HubRun(IReadOnlyList<JobPhaseResult> Phases, long Lost, long Refused);

    /// <summary>
    /// The hub with <see cref="Executors"/> registered xrd-powder instruments, online and idle, each an instant
    /// instrument; jobs are submitted with a staff account, so they need no approval and deliver on completion.
    /// </summary>
    static async Task<HubRun> HubAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using var hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var registered = await hub.RegisterAsync([.. Enumerable.Range(1, Executors).Select(i => $"jobs-{i:D2}")]).ConfigureAwait(false);
        var token = await hub.CreateAccountAsync("bench-staff", "staff").ConfigureAwait(false);
        // The instruments use ordinary asynchronous sockets, not the spinning generator loop: they exchange two messages
        // per job, and the HTTP submitters on the generator core must not wait behind a thread that never sleeps.
        var connections = await Agents.ConnectAsync(hub.MqttPort, registered, 8, null, cancellationToken).ConfigureAwait(false);
        var instruments = new JobInstruments();
        foreach (var connection in connections)
        {
            await connection.SubscribeAsync(Agents.Topic(connection.ClientId, "jobs"), 1, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            instruments.Add(connection);
        }

        using var pinger = new KeepAlivePinger();
        pinger.Add(connections);
        await hub.WaitOnlineAsync(Executors).ConfigureAwait(false);
        using var client = new JobSubmitClient(hub.BaseAddress, token);
        long submitted = 0;
        async Task<JobPhaseResult> RunAsync(JobPhase phase)
        {
            var tracker = new JobIdTracker(new JobLedger(phase.Jobs));
            instruments.Tracker = tracker;
            var result = await JobDriver.RunAsync(phase, tracker.Ledger, (first, count) => client.SubmitAsync(tracker, first, count),
                () => Task.FromResult(tracker.Ledger.LastCompletedTicks), () => ProcessStats.CpuTime(hub.Pid).TotalSeconds,
                context.Pinning.Enabled ? context.Pinning.PeerCoreList : null, () => Describe(instruments, connections, hub)).ConfigureAwait(false);
            instruments.Tracker = null;
            submitted += phase.Jobs;
            if (tracker.UnknownStarts > 0)
            {
                throw new InvalidOperationException($"jobs phase {phase.Name}: {tracker.UnknownStarts} starts of jobs no submit answered");
            }

            return result;
        }

        await JobPhase.WarmUpAsync(context.PeerWarmup, RunAsync).ConfigureAwait(false);
        var phases = new List<JobPhaseResult>();
        foreach (var phase in JobPhase.For(context.Settings.Quick))
        {
            var result = await RunAsync(phase).ConfigureAwait(false);
            phases.Add(result);
            Log(HubPeer.Name, result);
        }

        // Staff jobs deliver on completion: every job submitted must now be in the hub's list as delivered.
        var delivered = await client.CountAsync("delivered").ConfigureAwait(false);
        await Agents.CloseAsync(connections).ConfigureAwait(false);
        return new HubRun(phases, Math.Max(0, submitted - delivered), instruments.Refused);
    }

    static string Describe(JobInstruments instruments, IEnumerable<MqttConnection> connections, HubPeer hub) =>
        $"the instruments received {instruments.Starts} starts and {instruments.Ignored} other job messages, {instruments.Refused} statuses were refused; "
        + string.Join(", ", connections.Where(c => !c.IsOpen).Select(c => $"{c.ClientId}: {c.ClosedReason}")) + "\n" + hub.Tail();

    static void Log(string peer, JobPhaseResult phase) => BenchContext.Log(FormattableString.Invariant(
        $"  {peer,-22} {phase.Description,-32} {phase.JobsPerSecond,8:N0} jobs/s  dispatch p50 {phase.DispatchP50Ms:0.00} ms p99 {phase.DispatchP99Ms:0.00} ms  CPU {phase.PeerCpuPercent:0}%"));
}
