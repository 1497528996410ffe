using Quartz;
using SmartLab.Bench.Load;

namespace SmartLab.Bench.Peers;

/// <summary>
/// The Quartz side's instant instrument: a job that does nothing but say it started and finished, like the hub's
/// instant instruments answering <c>start</c> with <c>succeeded</c>. It takes nothing from the container, so Quartz
/// builds it directly without a dependency injection scope per firing: the cheapest job Quartz can run.
/// </summary>
public sealed class QuartzInstantJob : IJob
{
    /// <summary>Key of the job's index in its job data (a string: the store keeps job data as properties).</summary>
    public const string IndexKey = "index";

    static JobLedger? _ledger;

    /// <summary>The ledger of the phase that is running (one phase at a time in the peer process).</summary>
    public static JobLedger? Ledger
    {
        get => Volatile.Read(ref _ledger);
        set => Volatile.Write(ref _ledger, value);
    }

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var ledger = Ledger ?? throw new InvalidOperationException("a Quartz job ran outside a phase");
        var index = int.Parse(context.MergedJobDataMap.GetString(IndexKey)!, System.Globalization.CultureInfo.InvariantCulture);
        ledger.Dispatched(index);
        ledger.Complete();
        return ValueTask.CompletedTask;
    }
}
