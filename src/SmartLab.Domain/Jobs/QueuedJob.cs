namespace SmartLab.Domain.Jobs;

/// <summary>What the scheduler needs to know of a queued job.</summary>
public sealed record QueuedJob(string Id, long Seq, string Priority, long? FrontRank, string Owner, string InstrumentKind, string Method,
    string? Instrument)
{
    public static QueuedJob From(JobRecord job) => new(job.Id, job.Seq, job.Priority, job.FrontRank, job.Owner, job.InstrumentKind, job.Method,
        job.PinnedInstrument ?? job.RequestedInstrument);
}
