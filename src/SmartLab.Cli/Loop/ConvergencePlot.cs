using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner;
using ScottPlot;

namespace SmartLab.Cli.Loop;

/// <summary>
/// The convergence plot of a loop: every experiment's value, and the best value so far as a step line, against the
/// number of experiments; with reference loops (other optimizers on the same task), their best-so-far lines too. A PNG,
/// written with ScottPlot.
/// </summary>
internal static class ConvergencePlot
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>The PNG bytes; <paramref name="withText"/> is false when no font was found (the plot then has no labels).</summary>
    public static byte[] Render(LoopDefinition loop, LoopResult result, IReadOnlyList<(string Optimizer, LoopResult Result)> references,
        out bool withText)
    {
        withText = PlotFonts.Register();
        var plot = new Plot();
        try
        {
            var succeeded = result.Experiments.Where(e => e.Value is not null).ToList();
            if (succeeded.Count > 0)
            {
                var points = plot.Add.ScatterPoints(succeeded.Select(e => (double)e.Number).ToArray(), succeeded.Select(e => e.Value!.Value).ToArray());
                points.LegendText = references.Count == 0 ? "experiment" : $"experiment, {loop.Optimizer}";
                points.MarkerSize = 7;

                BestLine(plot, result, references.Count == 0 ? "best so far" : $"best so far, {loop.Optimizer}", 2.5f);
            }

            foreach (var (optimizer, reference) in references)
            {
                BestLine(plot, reference, $"best so far, {optimizer}", 1.5f)?.LinePattern = LinePattern.Dashed;
            }

            var failed = result.Experiments.Count(e => e.Value is null);
            var title = references.Count == 0 ? loop.Optimizer : $"{loop.Optimizer} vs {string.Join(", ", references.Select(r => r.Optimizer))}";
            plot.Title($"{loop.Name}: {(loop.Goal == Goal.Maximize ? "maximize" : "minimize")} {loop.Objective.Output} ({title})");
            plot.XLabel(failed == 0 ? "experiments" : $"experiments ({failed} failed, not shown)");
            plot.YLabel(result.ObjectiveUnit is { Length: > 0 } unit ? $"{loop.Objective.Output} [{unit}]" : loop.Objective.Output);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.ShowLegend(Alignment.UpperRight);
            if (withText)
            {
                plot.Font.Set(PlotFonts.Family);
            }

            return plot.GetImageBytes(Width, Height, ImageFormat.Png);
        }
        finally
        {
            plot.Dispose();
        }
    }

    /// <summary>The best value so far as a step line, from the first experiment with a value; null when none has one.</summary>
    static ScottPlot.Plottables.Scatter? BestLine(Plot plot, LoopResult result, string label, float width)
    {
        var best = result.BestSoFar();
        var from = result.Experiments.ToList().FindIndex(e => e.Value is not null);
        if (from < 0)
        {
            return null;
        }

        var curve = plot.Add.Scatter(result.Experiments.Skip(from).Select(e => (double)e.Number).ToArray(), best.Skip(from).ToArray());
        curve.ConnectStyle = ConnectStyle.StepHorizontal;
        curve.LegendText = label;
        curve.LineWidth = width;
        curve.MarkerSize = 0;
        return curve;
    }
}
