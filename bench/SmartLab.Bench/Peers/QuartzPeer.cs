using System.Collections.Specialized;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Quartz;
using SmartLab.Bench.Load;

namespace SmartLab.Bench.Peers;

/// <summary>
/// Quartz.NET with its persistent ADO.NET job store on SQLite, the peer of the jobs benchmark: every job is stored with
/// one immediate trigger, in one transaction per submit call, acquired, fired and completed by the
/// scheduler, each step committed to a WAL-mode SQLite file with a forced fsync. Runs as its own process on the peer
/// core (hidden command <c>peer-quartz</c>): the submitters call the scheduler in-process, so everything Quartz does
/// for a job, from storing it to recording its completion, is on that one core, as everything the hub does is on its.
/// Writes the phases' figures as JSON.
/// </summary>
public static class QuartzPeer
{
    public const string Name = "Quartz.NET 4 + SQLite";
    const string TablePrefix = "QRTZ_";

    /// <summary>The settings the run used, and what each phase measured.</summary>
    public sealed record Result(int Threads, int MaxBatchSize, string Settings, QuartzStore.Description Store, IReadOnlyList<JobPhaseResult> Phases);

    public static Command Command()
    {
        var directory = new Option<string>("--dir") { Required = true };
        var threads = new Option<int>("--threads") { Required = true };
        var batch = new Option<int>("--max-batch") { Required = true };
        var quick = new Option<bool>("--small") { Description = "the quick suite's job counts" };
        var warmup = new Option<double>("--warmup-seconds") { Required = true };
        var cores = new Option<string?>("--peer-cores") { Description = "the cores this process is pinned to, comma-separated" };
        var output = new Option<string>("--output") { Required = true };
        var command = new Command("peer-quartz", "internal: Quartz.NET + SQLite peer of the jobs benchmark") { Hidden = true };
        foreach (var option in new Option[] { directory, threads, batch, quick, warmup, cores, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await RunAsync(parse.GetValue(directory)!, parse.GetValue(threads), parse.GetValue(batch), parse.GetValue(quick),
                TimeSpan.FromSeconds(parse.GetValue(warmup)), Cores(parse.GetValue(cores))).ConfigureAwait(false);
            await File.WriteAllTextAsync(parse.GetValue(output)!, JsonSerializer.Serialize(result), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    static List<int>? Cores(string? list) => list is null ? null : [.. list.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];

    /// <summary>
    /// The scheduler's settings as flat Quartz keys. Everything not listed is Quartz's default: non-clustered, so the
    /// store serializes its work with an in-process lock instead of row locks; misfire threshold 60 s; the in-memory
    /// execution history.
    /// </summary>
    public static NameValueCollection Properties(string connectionString, int threads, int maxBatch) => new()
    {
        ["quartz.scheduler.instanceName"] = "smartlab-bench",

        // Scheduling a job wakes the scheduler at once; the idle wait only bounds how long an empty store sleeps
        // (Quartz refuses less than one second).
        ["quartz.scheduler.idleWaitTime"] = "1000",

        // Up to this many due triggers are acquired and fired per store transaction (never more than free threads).
        ["quartz.scheduler.batchTriggerAcquisitionMaxCount"] = maxBatch.ToString(CultureInfo.InvariantCulture),
        ["quartz.threadPool.maxConcurrency"] = threads.ToString(CultureInfo.InvariantCulture),
        ["quartz.jobStore.type"] = "Quartz.Impl.AdoJobStore.JobStoreTX, Quartz",
        ["quartz.jobStore.driverDelegateType"] = "Quartz.Impl.AdoJobStore.SQLiteDelegate, Quartz",
        ["quartz.jobStore.tablePrefix"] = TablePrefix,
        ["quartz.jobStore.useProperties"] = "true",

        // Quartz's recommendation whenever more than one trigger is acquired at a time.
        ["quartz.jobStore.acquireTriggersWithinLock"] = maxBatch > 1 ? "true" : "false",

        // The tables come from the SQLite schema script in the Quartz package, created before the scheduler starts.
        ["quartz.jobStore.schemaProvisioning"] = "CreateIfMissing",
        ["quartz.jobStore.dataSource"] = "bench",
        ["quartz.dataSource.bench.provider"] = "SQLite-Microsoft",
        ["quartz.dataSource.bench.connectionString"] = connectionString,
    };

    static async Task<Result> RunAsync(string directory, int threads, int maxBatch, bool quick, TimeSpan warmup, IReadOnlyList<int>? peerCores)
    {
        var connectionString = QuartzStore.Create(directory);
        var store = QuartzStore.Describe(connectionString);
        var properties = Properties(connectionString, threads, maxBatch);
        var builder = QuartzSchedulerBuilder.Create();
        builder.UseProperties(properties);
        await using var factory = builder.Build();
        var scheduler = await factory.GetScheduler().ConfigureAwait(false);
        await scheduler.Start().ConfigureAwait(false);

        var phases = new List<JobPhaseResult>();
        await JobPhase.WarmUpAsync(warmup, phase => RunPhaseAsync(scheduler, connectionString, phase, peerCores)).ConfigureAwait(false);
        foreach (var phase in JobPhase.For(quick))
        {
            phases.Add(await RunPhaseAsync(scheduler, connectionString, phase, peerCores).ConfigureAwait(false));
        }

        await scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        var settings = string.Join("; ", properties.AllKeys.Where(k => k is not null && !k.StartsWith("quartz.dataSource", StringComparison.Ordinal))
            .Select(k => $"{k}={properties[k]}"));
        return new Result(threads, maxBatch, settings, store, phases);
    }

    static async Task<JobPhaseResult> RunPhaseAsync(IScheduler scheduler, string connectionString, JobPhase phase, IReadOnlyList<int>? peerCores)
    {
        var ledger = new JobLedger(phase.Jobs);
        QuartzInstantJob.Ledger = ledger;
        using var process = Process.GetCurrentProcess();
        var result = await JobDriver.RunAsync(phase, ledger,
            (first, count) => SubmitAsync(scheduler, phase.Name, ledger, first, count),
            () => QuartzStore.WaitDrainedAsync(connectionString, TablePrefix),
            () =>
            {
                process.Refresh();
                return process.TotalProcessorTime.TotalSeconds;
            }, peerCores).ConfigureAwait(false);
        Console.WriteLine(FormattableString.Invariant(
            $"{phase.Name}: {result.JobsPerSecond:0} jobs/s, dispatch p50 {result.DispatchP50Ms:0.00} ms p99 {result.DispatchP99Ms:0.00} ms, CPU {result.PeerCpuPercent:0}%"));
        return result;
    }

    /// <summary>One submit call: one job with <c>ScheduleJob</c>, several in one store transaction with <c>ScheduleJobs</c>.</summary>
    static async Task SubmitAsync(IScheduler scheduler, string phase, JobLedger ledger, int first, int count)
    {
        if (count == 1)
        {
            var (job, trigger) = Job(phase, first);
            await scheduler.ScheduleJob(job, trigger).ConfigureAwait(false);
            ledger.Answered(first);
            return;
        }

        var batch = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>(count);
        for (var i = first; i < first + count; i++)
        {
            var (job, trigger) = Job(phase, i);
            batch[job] = [trigger];
        }

        await scheduler.ScheduleJobs(batch).ConfigureAwait(false);
        var answered = Stopwatch.GetTimestamp();
        for (var i = first; i < first + count; i++)
        {
            ledger.Answered(i, answered);
        }
    }

    /// <summary>
    /// The job a lab would store: what to run (method and parameters, as strings) and its index; it asks to be run
    /// again if the process dies while it runs, as a dispatched hub job is re-sent after a crash.
    /// </summary>
    static (IJobDetail Job, ITrigger Trigger) Job(string phase, int index)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{phase}-{index}");
        var job = JobBuilder.Create<QuartzInstantJob>()
            .WithIdentity(name, "bench")
            .UsingJobData(QuartzInstantJob.IndexKey, index.ToString(CultureInfo.InvariantCulture))
            .UsingJobData("instrumentKind", "xrd-powder")
            .UsingJobData("method", "theta2theta")
            .UsingJobData("parameters", """{"start":10,"stop":80,"step":0.02,"dwell":0.5}""")
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, "bench").StartNow().Build();
        return (job, trigger);
    }
}
