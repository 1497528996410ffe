using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class AcquisitionTests
{
    [Fact]
    public void ExpectedImprovement_AtNoiseFreeTrainingPoint_IsZeroAndPositiveBetween()
    {
        double[][] x = [[0.1], [0.5], [0.9]];
        double[] y = [3.0, 1.0, 2.0];
        var gp = new GaussianProcess();
        gp.Fit(x, y, new KernelHyperparameters([0.3], 1.0, 0));
        var best = y.Min();

        foreach (var point in x)
        {
            var (mean, variance) = gp.Predict(point);
            Assert.Equal(0, Acquisition.ExpectedImprovement(mean, Math.Sqrt(variance), best, Goal.Minimize), 1e-6);
        }

        var (m, v) = gp.Predict([0.65]);
        Assert.True(Acquisition.ExpectedImprovement(m, Math.Sqrt(v), best, Goal.Minimize) > 1e-3);
    }

    [Fact]
    public void ExpectedImprovement_ZeroStd_IsZero()
    {
        Assert.Equal(0, Acquisition.ExpectedImprovement(mean: 2, std: 0, best: 1, Goal.Minimize));
        Assert.Equal(0, Acquisition.ExpectedImprovement(mean: 0.5, std: 0, best: 1, Goal.Maximize));
    }

    [Fact]
    public void ExpectedImprovement_MeanAtBest_IsStdTimesDensityAtZero()
    {
        Assert.Equal(0.7 / Math.Sqrt(2 * Math.PI), Acquisition.ExpectedImprovement(mean: 1, std: 0.7, best: 1, Goal.Minimize), 1e-12);
    }

    [Theory]
    [InlineData(Goal.Minimize)]
    [InlineData(Goal.Maximize)]
    public void ExpectedImprovement_BetterMean_IsLarger(Goal goal)
    {
        var means = Enumerable.Range(-20, 41).Select(i => i * 0.1).ToArray();
        var values = means.Select(m => Acquisition.ExpectedImprovement(m, std: 0.5, best: 0, goal)).ToArray();

        for (var i = 1; i < values.Length; i++)
        {
            // Higher mean is worse when minimising, better when maximising.
            Assert.True(goal == Goal.Minimize ? values[i] < values[i - 1] : values[i] > values[i - 1], $"at mean {means[i]}");
        }

        Assert.All(values, v => Assert.True(v > 0));
    }

    [Fact]
    public void ExpectedImprovement_Xi_DemandsMoreImprovement()
    {
        Assert.True(Acquisition.ExpectedImprovement(0, 1, 0, Goal.Minimize, xi: 0.5) < Acquisition.ExpectedImprovement(0, 1, 0, Goal.Minimize));
    }
}
