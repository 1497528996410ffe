namespace SmartLab.Loop.Runner;

/// <summary>How patient <see cref="LoopHubClient"/> is with a hub that does not answer.</summary>
public sealed record LoopHubClientOptions
{
    /// <summary>Longest wait for one answer's headers (event streams then stay open as long as the job runs). Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long to keep retrying a request after network errors, timeouts or 502/503/504, so a hub restart does not stop a
    /// loop. Every request the runner makes is safe to repeat (reads, and creations carrying an Idempotency-Key). Default 5 min.
    /// </summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest pause between two retries (they start at 0.5 s and double). Default 15 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(15);
}
