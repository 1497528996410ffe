using MathNet.Numerics.LinearAlgebra;

namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Log marginal likelihood of standardised targets under a zero-mean GP with the Matérn 5/2 ARD kernel plus
/// noise, and its gradient with respect to θ = (log ℓ₁ … log ℓ_D, log σ², log σ²ₙ):
/// log p(y) = −½ yᵀK⁻¹y − ½ log|K| − (n/2) log 2π, ∂/∂θ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ) with α = K⁻¹y.
/// </summary>
internal static class MarginalLikelihood
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>Builds K (kernel plus noise on the diagonal) for the given natural-scale hyperparameters.</summary>
    public static double[,] Covariance(double[][] x, double[] lengthScales, double signalVariance, double noiseVariance)
    {
        var n = x.Length;
        var k = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            k[i, i] = signalVariance + noiseVariance;
            for (var j = 0; j < i; j++)
            {
                k[i, j] = k[j, i] = Matern52.Value(Matern52.ScaledDistance(x[i], x[j], lengthScales), signalVariance);
            }
        }

        return k;
    }

    /// <summary>The log marginal likelihood, or null when K cannot be factorised.</summary>
    /// <param name="x">Inputs, n rows of D encoded columns.</param>
    /// <param name="y">Standardised targets.</param>
    /// <param name="theta">Log hyperparameters, D + 2 values.</param>
    /// <param name="gradient">Receives ∂ log p / ∂θ when not empty.</param>
    public static double? Evaluate(double[][] x, double[] y, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        var n = x.Length;
        var columns = theta.Length - 2;
        var lengthScales = new double[columns];
        for (var d = 0; d < columns; d++)
        {
            lengthScales[d] = Math.Exp(theta[d]);
        }

        var signalVariance = Math.Exp(theta[columns]);
        var noiseVariance = Math.Exp(theta[columns + 1]);
        var factor = CovarianceFactor.TryCreate(Covariance(x, lengthScales, signalVariance, noiseVariance), signalVariance);
        if (factor is null)
        {
            return null;
        }

        var alpha = factor.Cholesky.Solve(Vector<double>.Build.DenseOfArray(y)).ToArray();
        var fit = 0.0;
        for (var i = 0; i < n; i++)
        {
            fit += y[i] * alpha[i];
        }

        var value = (-0.5 * fit) - (0.5 * factor.Cholesky.DeterminantLn) - (0.5 * n * LogTwoPi);
        if (!gradient.IsEmpty)
        {
            Gradient(x, factor, alpha, lengthScales, signalVariance, noiseVariance, gradient);
        }

        return double.IsFinite(value) ? value : null;
    }

    private static void Gradient(
        double[][] x, CovarianceFactor factor, double[] alpha, double[] lengthScales, double signalVariance, double noiseVariance, Span<double> gradient)
    {
        var n = x.Length;
        var columns = lengthScales.Length;
        var inverse = factor.Inverse();
        gradient.Clear();

        for (var i = 0; i < n; i++)
        {
            // Diagonal: the kernel part is σ² (r = 0), the noise part σ²ₙ; length scales do not enter.
            var wii = (alpha[i] * alpha[i]) - inverse[i, i];
            gradient[columns] += 0.5 * wii * signalVariance;
            gradient[columns + 1] += 0.5 * wii * noiseVariance;

            for (var j = 0; j < i; j++)
            {
                // Off-diagonal pairs appear twice in the trace, so ½ · 2 = 1.
                var wij = (alpha[i] * alpha[j]) - inverse[i, j];
                var r = Matern52.ScaledDistance(x[i], x[j], lengthScales);
                gradient[columns] += wij * Matern52.Value(r, signalVariance);
                var lengthFactor = wij * Matern52.LengthScaleFactor(r, signalVariance);
                for (var d = 0; d < columns; d++)
                {
                    var t = (x[i][d] - x[j][d]) / lengthScales[d];
                    gradient[d] += lengthFactor * t * t;
                }
            }
        }
    }
}
