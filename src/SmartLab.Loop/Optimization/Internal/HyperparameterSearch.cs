using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Maximises the log marginal likelihood over θ = (log ℓ…, log σ², log σ²ₙ) with BFGS (analytic gradient) from
/// the default start and a few seeded random starts, inside box bounds. Leaving the box costs a quadratic
/// penalty, so inside it the optimiser sees the plain likelihood; the answer is the best in-box θ evaluated.
/// </summary>
internal static class HyperparameterSearch
{
    // Inputs live in the unit cube and targets are standardised, so fixed bounds suit every loop.
    private static readonly double MinLogLength = Math.Log(0.01);
    private static readonly double MaxLogLength = Math.Log(10);
    private static readonly double MinLogSignal = Math.Log(0.05);
    private static readonly double MaxLogSignal = Math.Log(20);

    /// <summary>Floor of the noise variance: keeps K well conditioned when the objective is noise-free.</summary>
    private static readonly double MinLogNoise = Math.Log(1e-6);
    private static readonly double MaxLogNoise = Math.Log(1);

    private const double PenaltyWeight = 100;
    private const int MaximumIterations = 60;

    // The log likelihood is a sum over n points; a gradient this small moves it by far less than one unit.
    private const double GradientTolerance = 1e-3;

    public static KernelHyperparameters Maximise(double[][] x, double[] y, int seed, int restarts)
    {
        var columns = x[0].Length;
        var (lower, upper) = Bounds(columns);
        var random = new Random(seed);
        var starts = new List<double[]> { Clamp(ToTheta(KernelHyperparameters.Default(columns)), lower, upper) };
        for (var s = 0; s < restarts; s++)
        {
            var start = new double[columns + 2];
            for (var d = 0; d < columns; d++)
            {
                start[d] = Uniform(random, Math.Log(0.05), Math.Log(2));
            }

            start[columns] = Uniform(random, Math.Log(0.3), Math.Log(3));
            start[columns + 1] = Uniform(random, MinLogNoise, Math.Log(1e-2));
            starts.Add(start);
        }

        var best = new Best();
        foreach (var start in starts)
        {
            best.Consider(start, MarginalLikelihood.Evaluate(x, y, start, []));
            var objective = ObjectiveFunction.Gradient(v => Penalised(x, y, v.ToArray(), lower, upper, best));
            try
            {
                var result = new BfgsMinimizer(GradientTolerance, 1e-6, 1e-7, MaximumIterations).FindMinimum(objective, Vector<double>.Build.DenseOfArray(start));
                var end = Clamp(result.MinimizingPoint.ToArray(), lower, upper);
                best.Consider(end, MarginalLikelihood.Evaluate(x, y, end, []));
            }
            catch (OptimizationException)
            {
                // Iteration limit or a failed line search: the best point seen so far still counts.
            }
        }

        return FromTheta(best.Theta ?? starts[0]);
    }

    internal static double[] ToTheta(KernelHyperparameters h) =>
        [.. h.LengthScales.Select(l => Math.Log(l)), Math.Log(h.SignalVariance), Math.Log(Math.Max(h.NoiseVariance, 1e-300))];

    internal static KernelHyperparameters FromTheta(double[] theta)
    {
        var columns = theta.Length - 2;
        return new KernelHyperparameters([.. theta.Take(columns).Select(Math.Exp)], Math.Exp(theta[columns]), Math.Exp(theta[columns + 1]));
    }

    private static (double Value, Vector<double> Gradient) Penalised(double[][] x, double[] y, double[] theta, double[] lower, double[] upper, Best best)
    {
        var gradient = new double[theta.Length];
        var inside = true;
        var penalty = 0.0;
        var penaltyGradient = new double[theta.Length];
        for (var p = 0; p < theta.Length; p++)
        {
            var excess = theta[p] < lower[p] ? theta[p] - lower[p] : theta[p] > upper[p] ? theta[p] - upper[p] : 0;
            if (excess != 0)
            {
                inside = false;
                penalty += PenaltyWeight * excess * excess;
                penaltyGradient[p] = 2 * PenaltyWeight * excess;
            }
        }

        // Evaluate the likelihood at the nearest in-box point so that it stays well defined far outside.
        var clamped = Clamp(theta, lower, upper);
        var logLikelihood = MarginalLikelihood.Evaluate(x, y, clamped, gradient);
        if (logLikelihood is null)
        {
            return (1e10 + penalty, Vector<double>.Build.DenseOfArray(penaltyGradient));
        }

        if (inside)
        {
            best.Consider(theta, logLikelihood);
        }

        var negated = new double[theta.Length];
        for (var p = 0; p < theta.Length; p++)
        {
            var clampedOut = theta[p] < lower[p] || theta[p] > upper[p];
            negated[p] = (clampedOut ? 0 : -gradient[p]) + penaltyGradient[p];
        }

        return (-logLikelihood.Value + penalty, Vector<double>.Build.DenseOfArray(negated));
    }

    private static (double[] Lower, double[] Upper) Bounds(int columns)
    {
        var lower = new double[columns + 2];
        var upper = new double[columns + 2];
        Array.Fill(lower, MinLogLength, 0, columns);
        Array.Fill(upper, MaxLogLength, 0, columns);
        (lower[columns], upper[columns]) = (MinLogSignal, MaxLogSignal);
        (lower[columns + 1], upper[columns + 1]) = (MinLogNoise, MaxLogNoise);
        return (lower, upper);
    }

    private static double[] Clamp(double[] theta, double[] lower, double[] upper) =>
        [.. theta.Select((t, p) => Math.Clamp(t, lower[p], upper[p]))];

    private static double Uniform(Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    /// <summary>Best in-box θ evaluated so far, across all starts.</summary>
    private sealed class Best
    {
        public double[]? Theta { get; private set; }

        public double LogLikelihood { get; private set; } = double.NegativeInfinity;

        public void Consider(double[] theta, double? logLikelihood)
        {
            if (logLikelihood is { } value && value > LogLikelihood)
            {
                LogLikelihood = value;
                Theta = [.. theta];
            }
        }
    }
}
