using System.Globalization;
using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner;

namespace SmartLab.Cli.Loop;

/// <summary>How loop values read in the terminal and in logs.</summary>
internal static class LoopText
{
    public static string Number(double value) => value.ToString("G5", CultureInfo.InvariantCulture);

    /// <summary>A point with units: <c>temperature=561.2 Cel, dwell=44.81 min</c>.</summary>
    public static string Point(LoopDefinition loop, Point point) =>
        string.Join(", ", point.Select(p => $"{p.Key}={Value(p.Value)}{Unit(loop, p.Key)}"));

    public static string Value(object value) => value switch
    {
        double d => Number(d),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Unit(LoopDefinition loop, string dimension) =>
        loop.Space.FirstOrDefault(d => d.Name == dimension)?.Unit is { Length: > 0 } unit ? " " + unit : "";

    /// <summary>The one-line summary: done, running, waiting, best.</summary>
    public static string Status(LoopDefinition loop, LoopProgress progress)
    {
        var parts = new List<string> { $"{progress.Done}/{progress.Budget} done" + (progress.Failed > 0 ? $" ({progress.Failed} failed)" : "") };
        parts.Add($"{progress.Running} running");
        if (progress.WaitingForApproval > 0)
        {
            parts.Add($"{progress.WaitingForApproval} waiting for staff approval");
        }

        if (progress.BestValue is { } best)
        {
            parts.Add($"best {loop.Objective.Output} = {Number(best)} (#{progress.BestExperiment}: {Point(loop, progress.BestPoint!)})");
        }

        return string.Join(" · ", parts);
    }
}
