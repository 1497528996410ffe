using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class GridSearchTests
{
    private static readonly SearchSpace Space = new(
    [
        new ContinuousDimension("temperature", 200, 900),
        new ContinuousDimension("dwell", 1, 100, log: true),
        new CategoricalDimension("atmosphere", ["N2", "Ar"]),
    ]);

    [Fact]
    public void Points_FullFactorial_CoversEveryCombinationOnce()
    {
        var grid = new GridSearch(Space, pointsPerDimension: 3);

        Assert.Equal(3 * 3 * 2, grid.Points.Count);
        Assert.Equal(grid.Points.Count, grid.Points.Distinct().Count());
        Assert.Equal([200.0, 550.0, 900.0], grid.Points.Select(p => p.GetDouble("temperature")).Distinct().Order());
        Assert.Equal([1.0, 10.0, 100.0], grid.Points.Select(p => Math.Round(p.GetDouble("dwell"), 9)).Distinct().Order());
        Assert.Equal(["Ar", "N2"], grid.Points.Select(p => (string)p["atmosphere"]).Distinct().Order());
    }

    [Fact]
    public void Points_Order_StartsAtCentreThenSpreadsOut()
    {
        var grid = new GridSearch(new SearchSpace([new ContinuousDimension("x", 0, 1), new ContinuousDimension("y", 0, 1)]), 5);
        var first = grid.Points.Take(5).Select(p => (p.GetDouble("x"), p.GetDouble("y"))).ToList();

        Assert.Equal((0.5, 0.5), first[0]);
        Assert.Equal([(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)], first.Skip(1).Order());
    }

    [Fact]
    public void Points_Constraint_LeavesOutForbiddenPoints()
    {
        var space = new SearchSpace(Space.Dimensions, p => (double)p["temperature"] < 800 || (string)p["atmosphere"] == "Ar");

        var grid = new GridSearch(space, 3);

        Assert.Equal(18 - 3, grid.Points.Count); // 900 °C with N2 at three dwell times
        Assert.All(grid.Points, p => Assert.True(space.IsFeasible(p)));
    }

    [Fact]
    public void Propose_ObservedAndPending_AreNotProposedAgain()
    {
        var grid = new GridSearch(Space, 3);
        var observed = grid.Points.Take(4).Select(p => new Observation(p, 1)).ToList();
        var pending = grid.Points.Skip(4).Take(2).ToList();

        var proposals = grid.Propose(5, observed, pending);

        Assert.Equal(grid.Points.Skip(6).Take(5), proposals);
    }

    [Fact]
    public void Propose_ObservedPointRebuiltFromLooseValues_IsRecognised()
    {
        var grid = new GridSearch(new SearchSpace([new IntegerDimension("n", 1, 3)]), 3);
        var rebuilt = new Point(new Dictionary<string, object> { ["n"] = 2.0 }); // as a JSON number would come back

        var proposals = grid.Propose(3, [new Observation(rebuilt, 0)], []);

        Assert.Equal([1, 3], proposals.Select(p => (int)p["n"]).Order());
    }

    [Fact]
    public void Propose_AllRun_ReturnsNothing()
    {
        var grid = new GridSearch(Space, 2);
        var all = grid.Points.Select(p => new Observation(p, 0)).ToList();

        Assert.Empty(grid.Propose(3, all, []));
    }

    [Fact]
    public void Run_WholeGrid_VisitsEachPointOnce()
    {
        var grid = new GridSearch(Space, 3);

        var observed = TestFunctions.Run(grid, _ => 0, budget: 100, batchSize: 4);

        Assert.Equal(18, observed.Count);
        Assert.Equal(18, observed.Select(o => o.Point).Distinct().Count());
    }

    [Theory]
    [InlineData(30, 3)] // 3·3·2 = 18 fits, 4·4·2 = 32 does not
    [InlineData(32, 4)]
    [InlineData(5, 1)]
    public void ForBudget_Budget_ChoosesFinestGridThatFits(int budget, int expectedPoints)
    {
        Assert.Equal(expectedPoints, GridSearch.ForBudget(Space, budget).PointsPerDimension);
    }

    [Fact]
    public void ForBudget_IntegerSpace_StopsWhenGridCannotGrow()
    {
        var grid = GridSearch.ForBudget(new SearchSpace([new IntegerDimension("n", 1, 4)]), 100);

        Assert.Equal([1, 2, 3, 4], grid.Points.Select(p => (int)p["n"]).Order());
    }

    [Fact]
    public void Constructor_HugeGrid_ThrowsActionableError()
    {
        var space = new SearchSpace(Enumerable.Range(0, 6).Select(i => new ContinuousDimension($"x{i}", 0, 1)));

        var error = Assert.Throws<ArgumentException>(() => new GridSearch(space, 10));

        Assert.Contains("fewer points per dimension", error.Message);
    }
}
