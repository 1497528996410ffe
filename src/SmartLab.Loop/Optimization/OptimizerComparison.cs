namespace SmartLab.Loop.Optimization;

/// <summary>
/// Deterministic head-to-head of the Bayesian optimizer, random search and grid search on an objective with a
/// known optimum: how many experiments each needs before its best result is within a relative tolerance of the
/// optimum. Meant for benchmarks and documentation, not for tests of one optimizer.
/// </summary>
public static class OptimizerComparison
{
    /// <summary>Runs every optimizer for <paramref name="seeds"/> seeds (0 … seeds−1) with a fixed budget.</summary>
    /// <param name="objective">The objective (a simulated response surface).</param>
    /// <param name="space">The search space.</param>
    /// <param name="trueOptimum">The known optimum value; must not be 0 (the tolerance is relative).</param>
    /// <param name="seeds">Number of seeds; grid search is the same for every seed.</param>
    /// <param name="budget">Experiments per run.</param>
    /// <param name="goal">Whether the optimum is a minimum or a maximum.</param>
    /// <param name="relativeTolerance">"Found" means within this fraction of |optimum| (default 2%).</param>
    /// <param name="batchSize">Experiments proposed and run together (parallel instruments).</param>
    public static IReadOnlyList<OptimizerComparisonResult> Run(
        Func<Point, double> objective,
        SearchSpace space,
        double trueOptimum,
        int seeds,
        int budget,
        Goal goal = Goal.Minimize,
        double relativeTolerance = 0.02,
        int batchSize = 1)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (trueOptimum == 0 || !double.IsFinite(trueOptimum))
        {
            throw new ArgumentException("The optimum must be finite and non-zero for a relative tolerance; shift the objective.", nameof(trueOptimum));
        }

        var tolerance = relativeTolerance * Math.Abs(trueOptimum);
        bool Reached(double value) => goal == Goal.Minimize ? value <= trueOptimum + tolerance : value >= trueOptimum - tolerance;

        var factories = new (string Name, Func<int, IOptimizer> Create)[]
        {
            ("bayesian", seed => new BayesianOptimizer(space, goal, seed)),
            ("random", seed => new RandomSearch(space, seed)),
            ("grid", _ => GridSearch.ForBudget(space, budget)),
        };

        var results = new List<OptimizerComparisonResult>();
        foreach (var (name, create) in factories)
        {
            var hits = new List<int?>();
            var bests = new List<double>();
            for (var seed = 0; seed < seeds; seed++)
            {
                var (hit, best) = RunOnce(create(seed), objective, budget, batchSize, goal, Reached);
                hits.Add(hit);
                bests.Add(best);
            }

            results.Add(new OptimizerComparisonResult(name, hits, Median(hits), bests, Median(bests)));
        }

        return results;
    }

    private static (int? Hit, double Best) RunOnce(
        IOptimizer optimizer, Func<Point, double> objective, int budget, int batchSize, Goal goal, Func<double, bool> reached)
    {
        var observed = new List<Observation>();
        int? hit = null;
        var best = goal == Goal.Minimize ? double.PositiveInfinity : double.NegativeInfinity;
        while (observed.Count < budget)
        {
            var proposals = optimizer.Propose(Math.Min(batchSize, budget - observed.Count), observed, []);
            if (proposals.Count == 0)
            {
                break; // a grid smaller than the budget is exhausted
            }

            foreach (var point in proposals)
            {
                var value = objective(point);
                observed.Add(new Observation(point, value));
                if (double.IsFinite(value))
                {
                    best = goal == Goal.Minimize ? Math.Min(best, value) : Math.Max(best, value);
                }

                if (hit is null && reached(best))
                {
                    hit = observed.Count;
                }
            }
        }

        return (hit, best);
    }

    private static double? Median(List<int?> hits)
    {
        // Misses sort after every hit; a median that lands on a miss is unknown (beyond the budget).
        var sorted = hits.Select(h => h ?? int.MaxValue).Order().ToList();
        var low = sorted[(sorted.Count - 1) / 2];
        var high = sorted[sorted.Count / 2];
        return low == int.MaxValue || high == int.MaxValue ? null : (low + (double)high) / 2;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
