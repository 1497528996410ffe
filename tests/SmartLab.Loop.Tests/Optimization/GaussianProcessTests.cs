using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class GaussianProcessTests
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    // Matérn 5/2 written out independently of the library: k(r) = σ²(1 + √5 r + 5r²/3) exp(−√5 r), r already divided by ℓ.
    private static double Matern(double r, double signalVariance) =>
        signalVariance * (1 + (Sqrt5 * r) + (5 * r * r / 3)) * Math.Exp(-Sqrt5 * r);

    private static double ScaledDistance(double[] a, double[] b, double[] lengthScales) =>
        Math.Sqrt(a.Select((v, d) => Math.Pow((v - b[d]) / lengthScales[d], 2)).Sum());

    public static TheoryData<double[], double[], double[], double[]> TwoPointCases() => new()
    {
        // x1, x2, length scales, test point
        { [0.2], [0.7], [0.4], [0.45] },
        { [0.1, 0.8], [0.6, 0.3], [0.4, 0.9], [0.35, 0.7] },
    };

    [Theory]
    [MemberData(nameof(TwoPointCases))]
    public void Predict_TwoPointsFixedHyperparameters_MatchesClosedForm(double[] x1, double[] x2, double[] lengthScales, double[] test)
    {
        const double signalVariance = 1.3;
        double[] y = [1.0, 5.0];
        var gp = new GaussianProcess();
        gp.Fit([x1, x2], y, new KernelHyperparameters(lengthScales, signalVariance, 0));

        // The process standardises y with its mean m and population standard deviation s; undoing that gives
        // mean = m + k*ᵀK⁻¹(y − m) and variance = s² (k(0) − k*ᵀK⁻¹k*) with K, k* in standardised units.
        var m = y.Average();
        var s = Math.Sqrt(y.Sum(v => (v - m) * (v - m)) / y.Length);
        var k12 = Matern(ScaledDistance(x1, x2, lengthScales), signalVariance);
        var determinant = (signalVariance * signalVariance) - (k12 * k12);
        double[,] inverse = { { signalVariance / determinant, -k12 / determinant }, { -k12 / determinant, signalVariance / determinant } };
        double[] kStar = [Matern(ScaledDistance(test, x1, lengthScales), signalVariance), Matern(ScaledDistance(test, x2, lengthScales), signalVariance)];
        double[] centred = [(y[0] - m) / s, (y[1] - m) / s];
        double Quadratic(double[] a, double[] b) =>
            (a[0] * ((inverse[0, 0] * b[0]) + (inverse[0, 1] * b[1]))) + (a[1] * ((inverse[1, 0] * b[0]) + (inverse[1, 1] * b[1])));
        var expectedMean = m + (s * Quadratic(kStar, centred));
        var expectedVariance = s * s * (signalVariance - Quadratic(kStar, kStar));

        var (mean, variance) = gp.Predict(test);

        Assert.Equal(expectedMean, mean, 1e-10);
        Assert.Equal(expectedVariance, variance, 1e-10);
        Assert.True(expectedVariance > 0.01, "the test point should be away from the data");
    }

    [Fact]
    public void Predict_AtTrainingPointsWithoutNoise_ReturnsTargetsAndZeroVariance()
    {
        double[][] x = [[0.1, 0.2], [0.5, 0.9], [0.8, 0.4], [0.3, 0.6]];
        double[] y = [2.0, -1.0, 0.5, 4.0];
        var gp = new GaussianProcess();
        gp.Fit(x, y, new KernelHyperparameters([0.3, 0.5], 1.0, 0));

        for (var i = 0; i < x.Length; i++)
        {
            var (mean, variance) = gp.Predict(x[i]);
            Assert.Equal(y[i], mean, 1e-8);
            Assert.InRange(variance, 0, 1e-8);
        }
    }

    [Fact]
    public void Fit_FreeHyperparameters_ImprovesLogMarginalLikelihoodOverStart()
    {
        var (x, y) = SmoothData(count: 15, seed: 3);
        var gp = new GaussianProcess(seed: 1);
        gp.Fit(x, y, KernelHyperparameters.Default(2));
        var atStart = gp.LogMarginalLikelihood;

        gp.Fit(x, y);

        Assert.True(gp.LogMarginalLikelihood > atStart + 1, $"fitted {gp.LogMarginalLikelihood} vs start {atStart}");
        Assert.NotEqual(KernelHyperparameters.Default(2), gp.Hyperparameters);
    }

    [Fact]
    public void Fit_SmoothFunction_PredictsHeldOutPoints()
    {
        var (x, y) = SmoothData(count: 25, seed: 5);
        var gp = new GaussianProcess(seed: 1);
        gp.Fit(x, y);

        var (test, expected) = SmoothData(count: 20, seed: 99);
        var worst = test.Select((t, i) => Math.Abs(gp.Predict(t).Mean - expected[i])).Max();

        // The function spans about 3 units; a fitted GP on 25 points should be within a few percent.
        Assert.True(worst < 0.15, $"worst held-out error {worst}");
    }

    [Fact]
    public void Fit_SameSeed_SameHyperparameters()
    {
        var (x, y) = SmoothData(count: 10, seed: 8);
        var first = new GaussianProcess(seed: 4);
        var second = new GaussianProcess(seed: 4);
        first.Fit(x, y);
        second.Fit(x, y);

        Assert.Equal(first.Hyperparameters, second.Hyperparameters);
    }

    [Fact]
    public void Fit_DuplicatedInputs_StillFactorises()
    {
        double[][] x = [[0.5], [0.5], [0.2]];
        var gp = new GaussianProcess();
        gp.Fit(x, [1.0, 1.0, 0.0], new KernelHyperparameters([0.3], 1.0, 0));

        Assert.True(gp.Jitter > 0);
        Assert.Equal(1.0, gp.Predict([0.5]).Mean, 1e-4);
    }

    [Fact]
    public void WithObservation_PosteriorMean_KeepsMeanAndRemovesUncertaintyThere()
    {
        var (x, y) = SmoothData(count: 8, seed: 6);
        var gp = new GaussianProcess();
        gp.Fit(x, y, new KernelHyperparameters([0.3, 0.3], 1.0, 1e-6));
        double[] believed = [0.5, 0.5];
        double[] nearby = [0.55, 0.5];
        var before = gp.Predict(believed);

        var updated = gp.WithObservation(believed, before.Mean);

        Assert.Equal(before.Mean, updated.Predict(believed).Mean, 1e-6);
        Assert.True(updated.Predict(believed).Variance < before.Variance / 100);
        Assert.True(updated.Predict(nearby).Variance < gp.Predict(nearby).Variance);
        Assert.Equal(8, gp.Count);
        Assert.Equal(9, updated.Count);
    }

    [Fact]
    public void Predict_BeforeFit_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new GaussianProcess().Predict([0.5]));
    }

    /// <summary>A smooth 2-D function sampled at seeded random points of the unit square.</summary>
    internal static (double[][] X, double[] Y) SmoothData(int count, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, count).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
        var y = x.Select(p => Math.Sin(3 * p[0]) + (2 * Math.Pow(p[1] - 0.4, 2)) + (0.5 * p[0] * p[1])).ToArray();
        return (x, y);
    }
}
