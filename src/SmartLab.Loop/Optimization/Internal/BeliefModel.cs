namespace SmartLab.Loop.Optimization.Internal;

/// <summary>
/// The surrogate of one <see cref="BayesianOptimizer.Propose"/> call: the fitted process, the best observed value,
/// and the Kriging-believer updates for running and just-chosen points.
/// </summary>
internal sealed class BeliefModel
{
    private GaussianProcess process;

    private BeliefModel(GaussianProcess process, double best, Goal goal)
    {
        this.process = process;
        Best = best;
        Goal = goal;
    }

    public double Best { get; }

    public Goal Goal { get; }

    public static BeliefModel Fit(SearchSpace space, IReadOnlyList<Observation> usable, IEnumerable<Point> running, Goal goal, int seed, int restarts)
    {
        var process = new GaussianProcess(seed, restarts);
        process.Fit([.. usable.Select(o => space.Encode(o.Point))], [.. usable.Select(o => o.Value)]);
        var model = new BeliefModel(process, goal == Goal.Minimize ? usable.Min(o => o.Value) : usable.Max(o => o.Value), goal);
        foreach (var point in running)
        {
            try
            {
                model.Believe(space.Encode(point));
            }
            catch (ArgumentException)
            {
                // A running experiment outside this space (an older loop definition) tells the model nothing.
            }
        }

        return model;
    }

    public void Believe(double[] x) => process = process.WithObservation(x, process.Predict(x).Mean);

    public double ExpectedImprovement(double[] x)
    {
        var (mean, variance) = process.Predict(x);
        return Acquisition.ExpectedImprovement(mean, Math.Sqrt(variance), Best, Goal);
    }

    public double Variance(double[] x) => process.Predict(x).Variance;
}
