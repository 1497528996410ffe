using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Runner;

/// <summary>The search space and optimizer a loop file describes.</summary>
public static class LoopOptimizers
{
    /// <summary>The search space of the loop's <c>space</c> section.</summary>
    public static SearchSpace CreateSpace(LoopDefinition loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return new SearchSpace(loop.Space.Select(d => d.Type switch
        {
            LoopDimensionType.Integer => (Dimension)new IntegerDimension(d.Name, (int)d.Min, (int)d.Max),
            LoopDimensionType.Categorical => new CategoricalDimension(d.Name, d.Values.Select(v => (string)v)),
            _ => new ContinuousDimension(d.Name, d.Min, d.Max, d.Unit, d.Log),
        }));
    }

    /// <summary>The optimizer the loop names (<c>random</c>, <c>grid</c> or <c>bayesian</c>), seeded with the loop's seed.</summary>
    public static IOptimizer Create(LoopDefinition loop, SearchSpace? space = null) => Create(loop.Optimizer, loop, space);

    /// <summary>
    /// An optimizer by name for the loop's space, goal, seed and budget (grid search spreads its grid over the budget);
    /// for comparing optimizers on the same loop.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown optimizer name.</exception>
    public static IOptimizer Create(string name, LoopDefinition loop, SearchSpace? space = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        space ??= CreateSpace(loop);
        return name switch
        {
            "random" => new RandomSearch(space, loop.Seed),
            "grid" => GridSearch.ForBudget(space, loop.Budget),
            "bayesian" => new BayesianOptimizer(space, loop.Goal, loop.Seed),
            _ => throw new ArgumentException($"optimizer `{name}` is not one of: {string.Join(", ", LoopDefinition.Optimizers)}", nameof(name)),
        };
    }
}
