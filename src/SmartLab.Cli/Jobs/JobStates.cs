namespace SmartLab.Cli.Jobs;

/// <summary>Which job states end a <c>jobs watch</c>, and with which exit code.</summary>
internal static class JobStates
{
    /// <summary>The run is over and it worked; delivery by staff may still follow <c>succeeded</c>, but the data exist.</summary>
    public static bool IsSuccess(string state) => state is "succeeded" or "delivered";

    public static bool IsFailure(string state) => state is "failed" or "aborted" or "cancelled" or "rejected";

    public static bool IsFinished(string state) => IsSuccess(state) || IsFailure(state);

    public static string Color(string state) => state switch
    {
        "succeeded" or "delivered" => "green",
        "failed" or "aborted" or "rejected" => "red",
        "cancelled" or "held" => "yellow",
        "running" or "dispatched" => "blue",
        _ => "default",
    };
}
