using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

/// <summary>Objectives with known optima for optimizer tests.</summary>
internal static class TestFunctions
{
    /// <summary>Global minimum of the Branin function (reached at three points).</summary>
    public const double BraninMinimum = 0.397887357729738;

    public static SearchSpace BraninSpace() =>
        new([new ContinuousDimension("x1", -5, 10), new ContinuousDimension("x2", 0, 15)]);

    /// <summary>Branin–Hoo: three global minima of 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).</summary>
    public static double Branin(Point point)
    {
        var x1 = point.GetDouble("x1");
        var x2 = point.GetDouble("x2");
        const double b = 5.1 / (4 * Math.PI * Math.PI);
        const double c = 5 / Math.PI;
        const double t = 1 / (8 * Math.PI);
        var a = x2 - (b * x1 * x1) + (c * x1) - 6;
        return (a * a) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Runs an optimizer sequentially and returns every observation.</summary>
    public static List<Observation> Run(IOptimizer optimizer, Func<Point, double> objective, int budget, int batchSize = 1)
    {
        var observed = new List<Observation>();
        while (observed.Count < budget)
        {
            var proposals = optimizer.Propose(Math.Min(batchSize, budget - observed.Count), observed, []);
            if (proposals.Count == 0)
            {
                break;
            }

            observed.AddRange(proposals.Select(p => new Observation(p, objective(p))));
        }

        return observed;
    }
}
