namespace SmartLab.Loop.Runner;

/// <summary>Safety settings of <see cref="LoopRunner"/>.</summary>
public sealed record LoopRunnerOptions
{
    /// <summary>
    /// Stop proposing after this many experiments in a row failed (a broken instrument should not use up the budget and
    /// the samples); those in flight still finish. 0 never stops. Default 3.
    /// </summary>
    public int MaxConsecutiveFailures { get; init; } = 3;
}
