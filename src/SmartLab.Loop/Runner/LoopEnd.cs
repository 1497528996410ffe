namespace SmartLab.Loop.Runner;

/// <summary>Why a loop ended.</summary>
public enum LoopEnd
{
    /// <summary>Every experiment of the budget finished.</summary>
    BudgetUsed,

    /// <summary>The optimizer had no new point left (a grid that was run through).</summary>
    NoNewPoint,

    /// <summary>Too many experiments in a row failed (<see cref="LoopRunnerOptions.MaxConsecutiveFailures"/>).</summary>
    TooManyFailures,
}
