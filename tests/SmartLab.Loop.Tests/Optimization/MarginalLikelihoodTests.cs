using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Tests.Optimization;

public class MarginalLikelihoodTests
{
    [Fact]
    public void Evaluate_AnalyticGradient_MatchesFiniteDifferences()
    {
        var (x, y) = GaussianProcessTests.SmoothData(count: 8, seed: 2);
        var mean = y.Average();
        y = [.. y.Select(v => v - mean)];
        double[] theta = [Math.Log(0.3), Math.Log(0.7), Math.Log(1.2), Math.Log(0.01)];
        var gradient = new double[theta.Length];

        MarginalLikelihood.Evaluate(x, y, theta, gradient);

        for (var p = 0; p < theta.Length; p++)
        {
            const double h = 1e-6;
            var up = (double[])theta.Clone();
            var down = (double[])theta.Clone();
            up[p] += h;
            down[p] -= h;
            var numeric = (MarginalLikelihood.Evaluate(x, y, up, [])!.Value - MarginalLikelihood.Evaluate(x, y, down, [])!.Value) / (2 * h);
            Assert.Equal(numeric, gradient[p], 1e-4);
        }
    }
}
