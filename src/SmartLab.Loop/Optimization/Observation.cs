namespace SmartLab.Loop.Optimization;

/// <summary>
/// A finished experiment: the conditions it ran at and the objective value it produced.
/// A non-finite <paramref name="Value"/> (NaN, infinity) marks a failed experiment: optimizers never propose
/// its point again, but the Bayesian optimizer does not learn from it either.
/// </summary>
/// <param name="Point">The conditions of the experiment.</param>
/// <param name="Value">The objective value, in the objective's own unit.</param>
public sealed record Observation(Point Point, double Value)
{
    /// <summary>The conditions of the experiment.</summary>
    public Point Point { get; init; } = Point ?? throw new ArgumentNullException(nameof(Point));
}
