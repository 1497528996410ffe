using System.Globalization;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;
using SmartLab.Loop.Optimization;
using SmartLab.Simulators.Films;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// How many experiments the demo loop needs: Bayesian optimisation against grid and random search on the demo's
/// anneal → sheet-resistance task (the simulator's response surface without its measurement noise), over many seeds.
/// An experiment counts as on target when its sheet resistance is within 2 % of the true minimum.
/// </summary>
public sealed partial class LoopBenchmark : IBenchmark
{
    const double Tolerance = 0.02;
    const int BaselineBudget = 2000;

    public string Name => "loop";

    public string Description => "experiments to reach the demo loop's optimum (Bayesian optimisation against grid and random search), and the hub's overhead per loop iteration";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        CompareOptimizers(context);
        await MeasureOverheadAsync(context, cancellationToken).ConfigureAwait(false);
    }

    void CompareOptimizers(BenchContext context)
    {
        var seeds = context.Settings.Quick ? 10 : 20;
        var space = new SearchSpace(
        [
            new ContinuousDimension("temperature", 200, 900, "Cel"),
            new ContinuousDimension("dwell", 5, 240, "min", log: true),
        ]);
        double Objective(Point p) => FilmResponse.Expected(p.GetDouble("temperature"), p.GetDouble("dwell"), "N2");

        var bayesian = OptimizerComparison.Run(Objective, space, FilmResponse.MinimumResistance, seeds, budget: 40, relativeTolerance: Tolerance)
            .Single(r => r.Optimizer == "bayesian");

        // Grid and random search are cheap to propose: a long sequence each, and the first experiment on target.
        var target = FilmResponse.MinimumResistance * (1 + Tolerance);
        int? FirstOnTarget(IOptimizer optimizer) =>
            optimizer.Propose(BaselineBudget, [], []).Select((p, i) => (Value: Objective(p), Index: i + 1)).FirstOrDefault(x => x.Value <= target) is
            { Index: > 0 } hit ? hit.Index : null;
        OptimizerComparisonResult Baseline(string name, Func<int, IOptimizer> create)
        {
            var counts = Enumerable.Range(0, seeds).Select(seed => FirstOnTarget(create(seed))).ToList();
            var reached = counts.OfType<int>().Order().ToList();
            double? median = reached.Count == seeds ? (reached[(seeds - 1) / 2] + reached[seeds / 2]) / 2.0 : null;
            return new OptimizerComparisonResult(name, counts, median, [], double.NaN);
        }

        var grid = Baseline("grid", _ => GridSearch.ForBudget(space, BaselineBudget));
        var baselines = new List<OptimizerComparisonResult> { grid, Baseline("random", seed => new RandomSearch(space, seed)) };
        foreach (var result in baselines.Prepend(bayesian))
        {
            var reached = result.ExperimentsToTarget.Count(e => e is not null);
            context.Report.Runs.Add(new RunFigures
            {
                Benchmark = Name,
                Peer = result.Optimizer,
                Phase = FormattableString.Invariant($"{seeds} seeds, within {Tolerance:P0} of {FilmResponse.MinimumResistance} Ω/□"),
                Unit = "experiments (median)",
                Rate = result.MedianExperiments,
                Sent = seeds,
                Received = reached,
                Note = "experiments per seed: " + string.Join(" ", result.ExperimentsToTarget.Select(e => e?.ToString(CultureInfo.InvariantCulture) ?? "-")),
            });
            BenchContext.Log(FormattableString.Invariant(
                $"loop: {result.Optimizer} median {result.MedianExperiments?.ToString("0.#", CultureInfo.InvariantCulture) ?? "not reached"} experiments ({reached}/{seeds} seeds reached)"));
        }

        context.Report.Comparisons.Add(Comparison.AtMost(Name, "median experiments to within 2 % of the optimum, Bayesian vs grid", "experiments",
            "grid search", bayesian.MedianExperiments, grid.MedianExperiments, 1 / 3.0,
            "Bayesian optimisation needed more than a third of the experiments grid search needed"));
    }
}
