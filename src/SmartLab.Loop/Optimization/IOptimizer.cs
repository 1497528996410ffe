namespace SmartLab.Loop.Optimization;

/// <summary>
/// Proposes the conditions of the next experiments of a loop.
/// Implementations are pure functions of their construction arguments (seed included) and of what they are
/// given: they keep no memory between calls, so a loop that restarts and rebuilds its history from the hub
/// gets exactly the proposals it would have got without the restart.
/// </summary>
public interface IOptimizer
{
    /// <summary>Short lowercase name used in loop files and reports: <c>random</c>, <c>grid</c>, <c>bayesian</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Proposes up to <paramref name="count"/> new points, none of them equal to an observed, pending or other
    /// proposed point, all of them satisfying the search space's constraint.
    /// Fewer points (possibly none) come back only when the space has no new feasible point left.
    /// </summary>
    /// <param name="count">How many experiments the caller can start now.</param>
    /// <param name="observed">Finished experiments, in the order they were proposed.</param>
    /// <param name="pending">Proposals still running (parallel instruments, asynchronous loops).</param>
    IReadOnlyList<Point> Propose(int count, IReadOnlyList<Observation> observed, IReadOnlyList<Point> pending);
}
