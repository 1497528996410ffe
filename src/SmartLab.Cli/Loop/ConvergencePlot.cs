using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner;
using ScottPlot;

namespace SmartLab.Cli.Loop;

/// <summary>
/// The convergence plot of a loop: every experiment's value, and the best value so far as a step line, against the
/// number of experiments. A PNG, written with ScottPlot.
/// </summary>
internal static class ConvergencePlot
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>The PNG bytes; <paramref name="withText"/> is false when no font was found (the plot then has no labels).</summary>
    public static byte[] Render(LoopDefinition loop, LoopResult result, out bool withText)
    {
        withText = PlotFonts.Register();
        var plot = new Plot();
        try
        {
            var best = result.BestSoFar();
            var succeeded = result.Experiments.Where(e => e.Value is not null).ToList();
            if (succeeded.Count > 0)
            {
                var points = plot.Add.ScatterPoints(succeeded.Select(e => (double)e.Number).ToArray(), succeeded.Select(e => e.Value!.Value).ToArray());
                points.LegendText = "experiment";
                points.MarkerSize = 7;

                // The curve starts at the first experiment with a value.
                var from = result.Experiments.ToList().FindIndex(e => e.Value is not null);
                var curve = plot.Add.Scatter(result.Experiments.Skip(from).Select(e => (double)e.Number).ToArray(), best.Skip(from).ToArray());
                curve.ConnectStyle = ConnectStyle.StepHorizontal;
                curve.LegendText = "best so far";
                curve.LineWidth = 2;
                curve.MarkerSize = 0;
            }

            var failed = result.Experiments.Count(e => e.Value is null);
            plot.Title($"{loop.Name}: {(loop.Goal == Goal.Maximize ? "maximize" : "minimize")} {loop.Objective.Output} ({loop.Optimizer})");
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
}
