using MathNet.Numerics.LinearAlgebra;
using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// Gaussian-process regression with a constant mean (the mean of the targets), targets standardised by their
/// mean and standard deviation, and a Matérn 5/2 kernel with one length scale per input column. Unless fixed,
/// the hyperparameters maximise the log marginal likelihood (BFGS from a default and several seeded random
/// starts). Inputs are expected in the unit cube (see <see cref="SearchSpace.Encode"/>).
/// </summary>
public sealed class GaussianProcess
{
    private readonly int seed;
    private readonly int restarts;
    private double[][] inputs = [];
    private double[] targets = [];
    private double targetMean;
    private double targetScale = 1;
    private double[] lengthScales = [];
    private double signalVariance;
    private CovarianceFactor? factor;
    private double[] alpha = [];
    private KernelHyperparameters? hyperparameters;

    /// <summary>Creates an unfitted process.</summary>
    /// <param name="seed">Seed of the random restarts of the hyperparameter search.</param>
    /// <param name="restarts">Random restarts in addition to the default start.</param>
    public GaussianProcess(int seed = 0, int restarts = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(restarts);
        this.seed = seed;
        this.restarts = restarts;
    }

    /// <summary>Number of training points.</summary>
    public int Count => inputs.Length;

    /// <summary>Hyperparameters in use (fitted or fixed).</summary>
    /// <exception cref="InvalidOperationException">Before <see cref="Fit"/>.</exception>
    public KernelHyperparameters Hyperparameters => hyperparameters ?? throw NotFitted();

    /// <summary>Log marginal likelihood of the standardised targets under <see cref="Hyperparameters"/>.</summary>
    public double LogMarginalLikelihood { get; private set; } = double.NaN;

    /// <summary>Diagonal jitter that had to be added to factorise the covariance matrix (0 when none).</summary>
    public double Jitter => factor?.Jitter ?? 0;

    /// <summary>Fits the process to <paramref name="x"/> (n rows, same length) and <paramref name="y"/> (n finite values).</summary>
    /// <param name="x">Training inputs, normally encoded points in the unit cube.</param>
    /// <param name="y">Training targets in the objective's unit.</param>
    /// <param name="fixedHyperparameters">Use these instead of maximising the likelihood (variances in standardised units).</param>
    /// <exception cref="InvalidOperationException">The covariance matrix cannot be factorised even with jitter.</exception>
    public void Fit(double[][] x, double[] y, KernelHyperparameters? fixedHyperparameters = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length == 0 || x.Length != y.Length)
        {
            throw new ArgumentException($"Need at least one training point and as many targets as inputs; got {x.Length} inputs and {y.Length} targets.");
        }

        var columns = x[0]?.Length ?? 0;
        if (columns == 0 || x.Any(row => row is null || row.Length != columns || row.Any(v => !double.IsFinite(v))))
        {
            throw new ArgumentException("Training inputs must be non-empty rows of equal length with finite values.", nameof(x));
        }

        if (y.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Training targets must be finite.", nameof(y));
        }

        if (fixedHyperparameters is not null && fixedHyperparameters.LengthScales.Count != columns)
        {
            throw new ArgumentException(
                $"Fixed hyperparameters have {fixedHyperparameters.LengthScales.Count} length scales for {columns} input columns.", nameof(fixedHyperparameters));
        }

        targetMean = y.Average();
        var spread = Math.Sqrt(y.Sum(v => (v - targetMean) * (v - targetMean)) / y.Length);

        // A constant objective (or a single point) has no spread to standardise by.
        targetScale = spread > 1e-12 * Math.Max(1, Math.Abs(targetMean)) ? spread : 1;
        inputs = [.. x.Select(row => (double[])row.Clone())];
        targets = [.. y.Select(v => (v - targetMean) / targetScale)];
        Factorise(fixedHyperparameters ?? HyperparameterSearch.Maximise(inputs, targets, seed, restarts));
    }

    /// <summary>
    /// Posterior mean and variance of the noise-free objective at <paramref name="x"/>, in the objective's unit
    /// (variance in unit²). The variance is 0 at a training point when the noise variance is 0.
    /// </summary>
    public (double Mean, double Variance) Predict(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (factor is null)
        {
            throw NotFitted();
        }

        if (x.Length != lengthScales.Length)
        {
            throw new ArgumentException($"Expected {lengthScales.Length} input columns, got {x.Length}.", nameof(x));
        }

        var n = inputs.Length;
        var covariances = new double[n];
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            covariances[i] = Matern52.Value(Matern52.ScaledDistance(x, inputs[i], lengthScales), signalVariance);
            mean += covariances[i] * alpha[i];
        }

        var v = factor.ForwardSolve(covariances);
        var variance = signalVariance;
        for (var i = 0; i < n; i++)
        {
            variance -= v[i] * v[i];
        }

        return (targetMean + (targetScale * mean), targetScale * targetScale * Math.Max(0, variance));
    }

    /// <summary>
    /// A copy that also "observed" <paramref name="value"/> at <paramref name="x"/>, with the same hyperparameters
    /// and standardisation (Kriging believer: the caller passes the posterior mean as the fake observation).
    /// </summary>
    internal GaussianProcess WithObservation(double[] x, double value)
    {
        var copy = new GaussianProcess(seed, restarts)
        {
            inputs = [.. inputs, (double[])x.Clone()],
            targets = [.. targets, (value - targetMean) / targetScale],
            targetMean = targetMean,
            targetScale = targetScale,
        };
        copy.Factorise(Hyperparameters);
        return copy;
    }

    private void Factorise(KernelHyperparameters chosen)
    {
        lengthScales = [.. chosen.LengthScales];
        signalVariance = chosen.SignalVariance;
        var covariance = MarginalLikelihood.Covariance(inputs, lengthScales, signalVariance, chosen.NoiseVariance);
        factor = CovarianceFactor.TryCreate(covariance, signalVariance)
            ?? throw new InvalidOperationException("The covariance matrix is not positive definite even with jitter; check for non-finite or duplicated inputs.");
        alpha = factor.Cholesky.Solve(Vector<double>.Build.DenseOfArray(targets)).ToArray();
        hyperparameters = chosen;
        var fit = targets.Zip(alpha, (t, a) => t * a).Sum();
        LogMarginalLikelihood = (-0.5 * fit) - (0.5 * factor.Cholesky.DeterminantLn) - (0.5 * targets.Length * Math.Log(2 * Math.PI));
    }

    private static InvalidOperationException NotFitted() => new("The Gaussian process has not been fitted yet; call Fit first.");
}
