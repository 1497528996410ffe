using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class OptimizerComparisonTests
{
    [Fact]
    public void Run_SmoothBowl_ReportsEveryOptimizerAndIsDeterministic()
    {
        var space = new SearchSpace([new ContinuousDimension("x", 0, 1), new ContinuousDimension("y", 0, 1)]);
        static double Bowl(Point p) => 1 + Math.Pow(p.GetDouble("x") - 0.3, 2) + Math.Pow(p.GetDouble("y") - 0.6, 2);

        var first = OptimizerComparison.Run(Bowl, space, trueOptimum: 1, seeds: 3, budget: 15);
        var second = OptimizerComparison.Run(Bowl, space, trueOptimum: 1, seeds: 3, budget: 15);

        Assert.Equal(["bayesian", "random", "grid"], first.Select(r => r.Optimizer));
        Assert.All(first, r => Assert.Equal(3, r.ExperimentsToTarget.Count));
        Assert.Equal(first.Select(r => r.MedianBestValue), second.Select(r => r.MedianBestValue));
        Assert.Equal(first[0].ExperimentsToTarget, second[0].ExperimentsToTarget);

        // Within 2% of 1 means within 0.02 of the optimum: a 3×3 grid has (0.5, 0.5) at 1.05, BO gets there.
        Assert.NotNull(first[0].MedianExperiments);
        Assert.All(first[0].ExperimentsToTarget, hit => Assert.InRange(hit!.Value, 1, 15));
        Assert.Null(first[2].MedianExperiments);
    }

    [Fact]
    public void Run_ZeroOptimum_Throws()
    {
        var space = new SearchSpace([new ContinuousDimension("x", 0, 1)]);

        Assert.Throws<ArgumentException>(() => OptimizerComparison.Run(_ => 0, space, trueOptimum: 0, seeds: 1, budget: 2));
    }
}
