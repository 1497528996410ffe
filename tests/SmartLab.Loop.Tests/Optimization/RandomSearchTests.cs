using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class RandomSearchTests
{
    private static readonly SearchSpace Space = new(
        [new ContinuousDimension("x", 0, 10), new IntegerDimension("n", 1, 3), new CategoricalDimension("gas", ["N2", "Ar"])],
        p => (double)p["x"] < 8 || (string)p["gas"] == "Ar");

    [Fact]
    public void Propose_SameSeed_SameProposals()
    {
        var first = TestFunctions.Run(new RandomSearch(Space, seed: 7), p => p.GetDouble("x"), 12).Select(o => o.Point);
        var second = TestFunctions.Run(new RandomSearch(Space, seed: 7), p => p.GetDouble("x"), 12).Select(o => o.Point);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Propose_DifferentSeed_DifferentProposals()
    {
        var first = new RandomSearch(Space, seed: 7).Propose(5, [], []);
        var second = new RandomSearch(Space, seed: 8).Propose(5, [], []);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Propose_BatchOrOneByOne_SameSequence()
    {
        var optimizer = new RandomSearch(Space, seed: 3);
        var batch = optimizer.Propose(3, [], []);

        var first = optimizer.Propose(1, [], []);
        var second = optimizer.Propose(1, [new Observation(first[0], 1)], []);
        var third = optimizer.Propose(1, [new Observation(first[0], 1)], [second[0]]);

        Assert.Equal(batch, [first[0], second[0], third[0]]);
    }

    [Fact]
    public void Propose_Many_RespectsConstraintWithoutDuplicates()
    {
        var proposals = new RandomSearch(Space, seed: 1).Propose(200, [], []);

        Assert.Equal(200, proposals.Distinct().Count());
        Assert.All(proposals, p => Assert.True(Space.IsFeasible(p)));
    }

    [Fact]
    public void Propose_SmallDiscreteSpace_StopsWhenExhausted()
    {
        var space = new SearchSpace([new IntegerDimension("n", 1, 3)]);

        var proposals = new RandomSearch(space, seed: 1).Propose(5, [], []);

        Assert.Equal([1, 2, 3], proposals.Select(p => (int)p["n"]).Order());
    }
}
