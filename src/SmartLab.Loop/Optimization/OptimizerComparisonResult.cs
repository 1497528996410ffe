namespace SmartLab.Loop.Optimization;

/// <summary>How one optimizer did in <see cref="OptimizerComparison.Run"/>.</summary>
/// <param name="Optimizer">Optimizer name (<c>bayesian</c>, <c>random</c>, <c>grid</c>).</param>
/// <param name="ExperimentsToTarget">Per seed, the number of experiments after which the best value was within the tolerance of the optimum; null when the budget ran out first.</param>
/// <param name="MedianExperiments">Median of <see cref="ExperimentsToTarget"/>, counting misses as worse than any hit; null when the median seed missed.</param>
/// <param name="BestValues">Per seed, the best objective value reached within the budget.</param>
/// <param name="MedianBestValue">Median of <see cref="BestValues"/>.</param>
public sealed record OptimizerComparisonResult(
    string Optimizer,
    IReadOnlyList<int?> ExperimentsToTarget,
    double? MedianExperiments,
    IReadOnlyList<double> BestValues,
    double MedianBestValue);
