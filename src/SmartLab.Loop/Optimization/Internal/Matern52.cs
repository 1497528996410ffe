namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// Matérn 5/2 kernel with one length scale per input column (automatic relevance determination):
/// k(r) = σ² (1 + √5 r + 5r²/3) exp(−√5 r), r = √Σ((xᵢ − x′ᵢ)/ℓᵢ)².
/// Twice differentiable, so smooth enough for physical response surfaces without the squared exponential's
/// over-confidence.
/// </summary>
internal static class Matern52
{
    public static readonly double Sqrt5 = Math.Sqrt(5);

    public static double ScaledDistance(double[] a, double[] b, double[] lengthScales)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            var t = (a[d] - b[d]) / lengthScales[d];
            sum += t * t;
        }

        return Math.Sqrt(sum);
    }

    public static double Value(double r, double signalVariance) =>
        signalVariance * (1 + (Sqrt5 * r) + (5 * r * r / 3)) * Math.Exp(-Sqrt5 * r);

    /// <summary>
    /// ∂k/∂log ℓ_d divided by ((xᵈ − x′ᵈ)/ℓ_d)²: σ² (5/3)(1 + √5 r) exp(−√5 r). Multiplying by the squared scaled
    /// difference of a column gives that column's derivative, with no division by r (safe at r = 0).
    /// </summary>
    public static double LengthScaleFactor(double r, double signalVariance) =>
        signalVariance * (5.0 / 3.0) * (1 + (Sqrt5 * r)) * Math.Exp(-Sqrt5 * r);
}
