namespace SmartLab.Domain.Jobs;

/// <summary>The states of a job, as they appear on the wire and in the store.</summary>
public static class JobStates
{
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string AwaitingSample = "awaiting-sample";
    public const string Queued = "queued";
    public const string Held = "held";
    public const string Dispatched = "dispatched";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Aborted = "aborted";
    public const string Cancelled = "cancelled";
    public const string Delivered = "delivered";

    public static readonly IReadOnlyList<string> All =
        [Submitted, Approved, Rejected, AwaitingSample, Queued, Held, Dispatched, Running, Succeeded, Failed, Aborted, Cancelled, Delivered];

    /// <summary>Nothing happens to the job any more.</summary>
    public static bool IsFinal(string state) => state is Rejected or Failed or Aborted or Cancelled or Delivered;

    /// <summary>The job has an outcome (a succeeded job may still wait to be delivered).</summary>
    public static bool IsFinished(string state) => IsFinal(state) || state == Succeeded;

    /// <summary>An attempt is out on an instrument.</summary>
    public static bool IsInFlight(string state) => state is Dispatched or Running;

    /// <summary>States a job can be held in, and resumed to.</summary>
    public static bool IsHoldable(string state) => state is Submitted or Approved or AwaitingSample or Queued;

    // Who may follow whom; everything else is refused.
    static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        [Submitted] = [Approved, Rejected, Held, Cancelled],
        [Approved] = [AwaitingSample, Queued, Held, Cancelled],
        [AwaitingSample] = [Queued, Held, Cancelled],
        [Queued] = [Dispatched, Held, Cancelled, AwaitingSample],
        [Held] = [Submitted, Approved, AwaitingSample, Queued, Cancelled],
        [Dispatched] = [Running, Succeeded, Failed, Aborted, Queued, Cancelled],
        [Running] = [Succeeded, Failed, Aborted, Queued],
        [Succeeded] = [Delivered],
    };

    public static bool CanMove(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to);
}
