using System.Globalization;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Durable jobs, submit → dispatch → complete: jobs submitted to the hub over HTTP (batches, then single submits, then
/// one at a time) and run by instant instruments over MQTT, against Quartz.NET 4 scheduling the same jobs with
/// immediate triggers into its ADO.NET job store on SQLite and running them as instant jobs. Both make every step
/// durable before it counts. Reported: jobs per second from the first submit to the last durably recorded completion,
/// and submit-answer → dispatch latency.
/// </summary>
public sealed partial class JobsBenchmark : IBenchmark
{
    const string Benchmark = "jobs";

    /// <summary>Jobs that can run at once on either side: the hub's instant instruments, Quartz's threads (unless tuned up).</summary>
    const int Executors = 10;

    public string Name => Benchmark;

    public string Description => "durable jobs (submit, dispatch, complete) through the hub's jobs API and instant instruments vs Quartz.NET + SQLite";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var phases = JobPhase.For(context.Settings.Quick);
        BenchContext.Log(FormattableString.Invariant(
            $"jobs: {string.Join(", ", phases.Select(p => $"{p.Jobs:N0} {p.Description}"))}; {Executors} instant instruments / Quartz threads"));
        var hub = await HubAsync(context, cancellationToken).ConfigureAwait(false);
        var quartz = await BestQuartzAsync(context).ConfigureAwait(false);
        var quartzNote = string.Create(CultureInfo.InvariantCulture,
            $"{quartz.Threads} threads, {quartz.MaxBatchSize} triggers per acquisition; SQLite {quartz.Store.SqliteVersion} {quartz.Store.JournalMode}, synchronous={quartz.Store.Synchronous}");
        foreach (var phase in phases)
        {
            var ours = hub.Phases.Single(p => p.Phase == phase.Name);
            var theirs = quartz.Phases.Single(p => p.Phase == phase.Name);
            context.Report.Runs.Add(Figures(HubPeer.Name, ours, $"{Executors} instant instruments; latency is submit answer → start received"));
            context.Report.Runs.Add(Figures(QuartzPeer.Name, theirs, quartzNote + "; latency is ScheduleJob(s) returned → Execute"));
        }

        Compare(context, hub, quartz);
    }

    static void Compare(BenchContext context, HubRun hub, QuartzPeer.Result quartz)
    {
        JobPhaseResult Ours(string phase) => hub.Phases.Single(p => p.Phase == phase);
        JobPhaseResult Theirs(string phase) => quartz.Phases.Single(p => p.Phase == phase);
        string Why(string phase) => string.Create(CultureInfo.InvariantCulture,
            $"hub core {Ours(phase).PeerCpuPercent:0}% busy, {CpuPerJob(Ours(phase)):0} µs CPU per job; Quartz {Theirs(phase).PeerCpuPercent:0}%, {CpuPerJob(Theirs(phase)):0} µs");

        foreach (var phase in new[] { "batches", "singles" })
        {
            var (ours, theirs) = (Ours(phase), Theirs(phase));
            context.Report.Comparisons.Add(Comparison.AtLeast(Benchmark, $"jobs/s, {ours.Description}", "jobs/s", QuartzPeer.Name,
                ours.JobsPerSecond, theirs.JobsPerSecond, 1.0, Why(phase)));
        }

        var (idle, idlePeer) = (Ours("idle"), Theirs("idle"));
        context.Report.Comparisons.Add(Comparison.AtMost(Benchmark, "dispatch latency p50, one job at a time", "ms", QuartzPeer.Name,
            idle.DispatchP50Ms, idlePeer.DispatchP50Ms, 1.5, Why("idle")));
        context.Report.Comparisons.Add(Comparison.AtMost(Benchmark, "dispatch latency p99, one job at a time", "ms", QuartzPeer.Name,
            idle.DispatchP99Ms, idlePeer.DispatchP99Ms, 1.5, Why("idle")));
        context.Report.Comparisons.Add(Comparison.Zero(Benchmark, "lost, refused or doubly started jobs", QuartzPeer.Name,
            hub.Lost + hub.Refused + hub.Phases.Sum(p => p.DuplicateDispatches), quartz.Phases.Sum(p => p.DuplicateDispatches),
            "submitted jobs the hub does not hold as delivered at the end, refused status messages, or starts sent twice"));
    }

    static double CpuPerJob(JobPhaseResult phase) => phase.Jobs > 0 ? phase.PeerCpuPercent / 100 * phase.Seconds / phase.Jobs * 1e6 : 0;

    /// <summary>A phase as a row of the runs table; every job of a phase completed, or the phase would have failed.</summary>
    static RunFigures Figures(string peer, JobPhaseResult phase, string note)
    {
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = peer, Phase = phase.Description, Unit = "jobs/s", Rate = phase.JobsPerSecond,
            P50Ms = phase.DispatchP50Ms, P99Ms = phase.DispatchP99Ms, Sent = phase.Jobs, Received = phase.Jobs, Dropped = 0,
            PeerCpuPercent = phase.PeerCpuPercent, OthersOnPeerCorePercent = phase.OthersOnPeerCorePercent, WindowSeconds = phase.Seconds, Note = note,
        };
        figures.Extra["submitSeconds"] = phase.SubmitSeconds;
        figures.Extra["peerCpuMicrosecondsPerJob"] = CpuPerJob(phase);
        figures.Extra["dispatchedBeforeAnswer"] = phase.DispatchedBeforeAnswer;
        figures.Extra["duplicateDispatches"] = phase.DuplicateDispatches;
        return figures;
    }
}
