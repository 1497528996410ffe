using System.Globalization;
using SmartLab.Cli.Output;
using SmartLab.Loop.Runner;
using Spectre.Console;

namespace SmartLab.Cli.Loop;

/// <summary>The table printed when a loop ends: every experiment with its conditions, value and jobs; then the best.</summary>
internal static class LoopResultTable
{
    public static void Write(CliConsole console, LoopDefinition loop, LoopResult result)
    {
        var headers = new List<string> { "#" };
        headers.AddRange(loop.Space.Select(d => d.Unit is { Length: > 0 } unit ? $"{d.Name} [{unit}]" : d.Name));
        headers.AddRange([result.ObjectiveUnit is { Length: > 0 } objectiveUnit ? $"{loop.Objective.Output} [{objectiveUnit}]" : loop.Objective.Output, "JOBS", "NOTE"]);
        var table = Tables.Create(console, [.. headers]);
        foreach (var experiment in result.Experiments)
        {
            var cells = new List<string?> { experiment.Number.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(loop.Space.Select(d => LoopText.Value(experiment.Point[d.Name])));
            cells.Add(experiment.Value is { } value ? LoopText.Number(value) : "—");
            cells.Add(string.Join(" ", loop.Steps.Select(s => experiment.JobIds.GetValueOrDefault(s.Name)).OfType<string>()));
            cells.Add(ReferenceEquals(experiment, result.Best) ? "best"
                : experiment.Error ?? (experiment.FromEarlierRun ? "earlier run" : null));
            Tables.AddRow(table, [.. cells]);
        }

        console.Ansi.Write(table);
        if (result.Best is { } best)
        {
            var unit = result.ObjectiveUnit is { Length: > 0 } u ? " " + u : "";
            console.Out.WriteLine($"best: experiment {best.Number}, {loop.Objective.Output} = {LoopText.Number(best.Value!.Value)}{unit} at {LoopText.Point(loop, best.Point)}");
        }
        else
        {
            console.Out.WriteLine("no experiment has a value yet");
        }

        if (result.StoppedBecause is { } why)
        {
            console.Out.WriteLine($"stopped before the budget: {why}");
        }
    }
}
