using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class BayesianOptimizerTests
{
    private const int Budget = 25;

    [Fact]
    public void Propose_SameSeed_SameProposals()
    {
        var space = TestFunctions.BraninSpace();

        var first = TestFunctions.Run(new BayesianOptimizer(space, seed: 11), TestFunctions.Branin, 10, batchSize: 2).Select(o => o.Point);
        var second = TestFunctions.Run(new BayesianOptimizer(space, seed: 11), TestFunctions.Branin, 10, batchSize: 2).Select(o => o.Point);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Propose_DifferentSeed_DifferentProposals()
    {
        var space = TestFunctions.BraninSpace();
        var observed = TestFunctions.Run(new RandomSearch(space, seed: 1), TestFunctions.Branin, 8);

        Assert.NotEqual(new BayesianOptimizer(space, seed: 1).Propose(2, [], []), new BayesianOptimizer(space, seed: 2).Propose(2, [], []));
        Assert.NotEqual(new BayesianOptimizer(space, seed: 1).Propose(2, observed, []), new BayesianOptimizer(space, seed: 2).Propose(2, observed, []));
    }

    [Fact]
    public void Propose_Branin_BeatsRandomSearchOnMedianOverSeeds()
    {
        var space = TestFunctions.BraninSpace();
        var seeds = Enumerable.Range(0, 5).ToArray();

        var bayesian = seeds.Select(s => TestFunctions.Run(new BayesianOptimizer(space, seed: s), TestFunctions.Branin, Budget).Min(o => o.Value)).ToList();
        var random = seeds.Select(s => TestFunctions.Run(new RandomSearch(space, seed: s), TestFunctions.Branin, Budget).Min(o => o.Value)).ToList();

        var bayesianMedian = TestFunctions.Median(bayesian);
        var randomMedian = TestFunctions.Median(random);
        Assert.True(bayesianMedian < TestFunctions.BraninMinimum + 0.1, $"BO median best {bayesianMedian} after {Budget} experiments");
        Assert.True(bayesianMedian - TestFunctions.BraninMinimum < (randomMedian - TestFunctions.BraninMinimum) / 5, $"BO {bayesianMedian} vs random {randomMedian}");
    }

    [Fact]
    public void Propose_Batch_ProposesDistinctPointsAwayFromPending()
    {
        var space = TestFunctions.BraninSpace();
        var observed = TestFunctions.Run(new RandomSearch(space, seed: 4), TestFunctions.Branin, 10);
        var optimizer = new BayesianOptimizer(space, seed: 4);
        var pending = optimizer.Propose(1, observed, []);

        var batch = optimizer.Propose(3, observed, pending);

        var all = batch.Concat(pending).Select(space.Encode).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var distance = Math.Sqrt(all[i].Zip(all[j], (a, b) => (a - b) * (a - b)).Sum());
                Assert.True(distance > 1e-3, $"proposals {i} and {j} coincide");
            }
        }
    }

    [Fact]
    public void Propose_Constraint_IsRespected()
    {
        var space = new SearchSpace(TestFunctions.BraninSpace().Dimensions, p => (double)p["x1"] + (double)p["x2"] < 10);

        var observed = TestFunctions.Run(new BayesianOptimizer(space, seed: 2), TestFunctions.Branin, 12, batchSize: 3);

        Assert.All(observed, o => Assert.True(space.IsFeasible(o.Point), o.Point.ToString()));
    }

    [Fact]
    public void Propose_FailedExperiments_AreSkippedAndNotRepeated()
    {
        var space = TestFunctions.BraninSpace();
        var observed = TestFunctions.Run(new RandomSearch(space, seed: 5), TestFunctions.Branin, 8);
        observed[2] = observed[2] with { Value = double.NaN };

        var proposals = new BayesianOptimizer(space, seed: 5).Propose(2, observed, []);

        Assert.Equal(2, proposals.Count);
        Assert.DoesNotContain(observed[2].Point, proposals);
    }

    [Fact]
    public void Propose_MixedSpaceMaximize_FindsBestCategoryAndRegion()
    {
        var space = new SearchSpace(
        [
            new ContinuousDimension("temperature", 200, 900, "Cel"),
            new IntegerDimension("cycles", 1, 4),
            new CategoricalDimension("atmosphere", ["N2", "Ar", "air"]),
        ]);
        double Yield(Point p) =>
            (p["atmosphere"] is "Ar" ? 1.0 : 0.4)
            * Math.Exp(-Math.Pow((p.GetDouble("temperature") - 620) / 150, 2))
            * (1 - (0.1 * Math.Abs(p.GetDouble("cycles") - 3)));

        var observed = TestFunctions.Run(new BayesianOptimizer(space, Goal.Maximize, seed: 3), Yield, 20);
        var best = observed.MaxBy(o => o.Value)!;

        Assert.True(best.Value > 0.95, best.ToString());
        Assert.Equal("Ar", best.Point["atmosphere"]);
    }

    [Fact]
    public void Propose_InitialDesign_UsesLatinHypercube()
    {
        var space = TestFunctions.BraninSpace();

        var design = new BayesianOptimizer(space, seed: 9, initialRandom: 6).Propose(6, [], []);

        // One point in each sixth of each dimension's range.
        Assert.Equal(Enumerable.Range(0, 6), design.Select(p => (int)((p.GetDouble("x1") + 5) / 15 * 6)).Order());
        Assert.Equal(Enumerable.Range(0, 6), design.Select(p => (int)(p.GetDouble("x2") / 15 * 6)).Order());
    }
}
