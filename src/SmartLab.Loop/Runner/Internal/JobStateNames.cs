namespace SmartLab.Loop.Runner.Internal;

/// <summary>The hub's job states as a loop sees them (the hub's own table lives in its domain; clients get strings).</summary>
internal static class JobStateNames
{
    public const string Submitted = "submitted";
    public const string AwaitingSample = "awaiting-sample";
    public const string Held = "held";
    public const string Succeeded = "succeeded";
    public const string Delivered = "delivered";

    /// <summary>Nothing more will happen to the job.</summary>
    public static bool IsFinal(string state) => state is "rejected" or "failed" or "aborted" or "cancelled" or Delivered;

    /// <summary>The job waits for a person: review, the sample's arrival, a hold, or the release of its data.</summary>
    public static bool WaitsForStaff(string state) => state is Submitted or AwaitingSample or Held or Succeeded;
}
