using SmartLab.Loop.Runner;

namespace SmartLab.Cli.Loop;

/// <summary>What a waiting job waits for, in words, with the hub's reason.</summary>
internal static class WaitingText
{
    public static string For(WaitingJob job)
    {
        var what = job.State switch
        {
            "submitted" => "waits for staff approval",
            "awaiting-sample" => "waits for staff to receive its sample",
            "held" => "is held by staff",
            "succeeded" => "waits for staff to release its data",
            var other => other,
        };
        return job.Reason is { Length: > 0 } reason ? $"{what}: {reason}" : what;
    }
}
