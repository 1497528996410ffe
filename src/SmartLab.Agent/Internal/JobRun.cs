using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Internal;

/// <summary>One (jobId, attempt) the agent has seen: its abort switch and the last status it reported.</summary>
sealed class JobRun(JobRequest request, int leaseSeconds)
{
    readonly CancellationTokenSource _abort = new();

    public JobRequest Request { get; } = request;

    public string JobId => Request.JobId;

    public int Attempt => Request.Attempt;

    public int LeaseSeconds { get; } = leaseSeconds;

    /// <summary>An older attempt of the same job that this one replaces; it must have wound down before this one starts.</summary>
    public JobRun? Previous { get; set; }

    public Task Completion { get; set; } = Task.CompletedTask;

    public CancellationToken AbortToken => _abort.Token;

    public string? AbortReason { get; private set; }

    /// <summary>Keeps status messages of one job in order (progress, heartbeat, outcome).</summary>
    public SemaphoreSlim PublishGate { get; } = new(1, 1);

    public JobStatusPayload? LastStatus { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last status sent.</summary>
    public long LastPublishedTimestamp { get; set; }

    public bool IsFinished => LastStatus?.State is "succeeded" or "failed" or "aborted";

    /// <summary>True once the broker acknowledged the final status; otherwise it is sent again after a reconnect.</summary>
    public bool FinalDelivered { get; set; }

    public void Abort(string reason)
    {
        AbortReason ??= reason;
        try
        {
            _abort.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by method code threw; the job still sees the cancellation.
        }
    }
}
