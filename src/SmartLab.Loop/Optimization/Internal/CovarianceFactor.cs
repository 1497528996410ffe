using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Cholesky factor of a covariance matrix. Nearly coincident inputs make the matrix numerically singular;
/// then a growing diagonal jitter is added until the factorisation succeeds.
/// </summary>
internal sealed class CovarianceFactor
{
    private const int JitterSteps = 7;

    private CovarianceFactor(Cholesky<double> cholesky, double jitter)
    {
        Cholesky = cholesky;
        Jitter = jitter;
        Lower = cholesky.Factor.ToArray();
    }

    public Cholesky<double> Cholesky { get; }

    /// <summary>Diagonal jitter that was needed, 0 when none.</summary>
    public double Jitter { get; }

    /// <summary>Lower triangular factor L with K + jitter·I = L Lᵀ.</summary>
    public double[,] Lower { get; }

    /// <summary>Factorises <paramref name="covariance"/>, or returns null when even the largest jitter fails.</summary>
    /// <param name="covariance">Symmetric matrix; its diagonal is changed in place when jitter is added.</param>
    /// <param name="scale">Typical diagonal size; the jitter runs from 1e-10 to 1e-4 of it.</param>
    public static CovarianceFactor? TryCreate(double[,] covariance, double scale)
    {
        var n = covariance.GetLength(0);
        var jitter = 0.0;
        for (var step = 0; step <= JitterSteps; step++)
        {
            var matrix = Matrix<double>.Build.DenseOfArray(covariance);
            if (jitter > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    matrix[i, i] += jitter;
                }
            }

            try
            {
                return new CovarianceFactor(matrix.Cholesky(), jitter);
            }
            catch (ArgumentException)
            {
                // Not positive definite at this jitter: try a larger one.
                jitter = jitter == 0 ? 1e-10 * scale : jitter * 10;
            }
        }

        return null;
    }

    /// <summary>
    /// (K + jitter·I)⁻¹ = L⁻ᵀ L⁻¹. Computed from the factor directly: MathNet's Solve with an identity
    /// right-hand side is an order of magnitude slower for the small matrices of an experiment loop.
    /// </summary>
    public double[,] Inverse()
    {
        var n = Lower.GetLength(0);
        var lowerInverse = new double[n, n];
        for (var column = 0; column < n; column++)
        {
            lowerInverse[column, column] = 1 / Lower[column, column];
            for (var i = column + 1; i < n; i++)
            {
                var sum = 0.0;
                for (var k = column; k < i; k++)
                {
                    sum -= Lower[i, k] * lowerInverse[k, column];
                }

                lowerInverse[i, column] = sum / Lower[i, i];
            }
        }

        var inverse = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.0;
                for (var k = i; k < n; k++)
                {
                    sum += lowerInverse[k, i] * lowerInverse[k, j];
                }

                inverse[i, j] = inverse[j, i] = sum;
            }
        }

        return inverse;
    }

    /// <summary>Solves L v = b by forward substitution.</summary>
    public double[] ForwardSolve(double[] b)
    {
        var n = b.Length;
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var j = 0; j < i; j++)
            {
                sum -= Lower[i, j] * v[j];
            }

            v[i] = sum / Lower[i, i];
        }

        return v;
    }
}
