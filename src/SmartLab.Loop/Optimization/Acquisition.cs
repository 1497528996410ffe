using MathNet.Numerics.Distributions;

namespace SmartLab.Loop.Optimization;

/// <summary>Acquisition functions: how much a candidate experiment is worth given a model's prediction there.</summary>
public static class Acquisition
{
    /// <summary>
    /// Expected improvement over <paramref name="best"/> of a Gaussian prediction N(<paramref name="mean"/>,
    /// <paramref name="std"/>²): EI = I Φ(I/σ) + σ φ(I/σ) with I = best − mean − ξ when minimising
    /// (mean − best − ξ when maximising). Where σ = 0 it is the limit max(I, 0), which is 0 at every observed
    /// point of a noise-free model, since no observation improves on the best.
    /// </summary>
    /// <param name="mean">Predicted objective.</param>
    /// <param name="std">Predictive standard deviation (not variance), ≥ 0.</param>
    /// <param name="best">Best objective observed so far.</param>
    /// <param name="goal">Whether smaller or larger is better.</param>
    /// <param name="xi">Improvement demanded before a candidate counts, in the objective's unit; larger explores more.</param>
    public static double ExpectedImprovement(double mean, double std, double best, Goal goal, double xi = 0)
    {
        var improvement = goal == Goal.Minimize ? best - mean - xi : mean - best - xi;
        if (!(std > 0))
        {
            return Math.Max(improvement, 0);
        }

        var z = improvement / std;
        return Math.Max(0, (improvement * Normal.CDF(0, 1, z)) + (std * Normal.PDF(0, 1, z)));
    }
}
