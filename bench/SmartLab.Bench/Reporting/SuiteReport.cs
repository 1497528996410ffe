namespace SmartLab.Bench.Reporting;

/// <summary>Everything one run of the runner measured, as written to the JSON file.</summary>
public sealed class SuiteReport
{
    public required DateTimeOffset Started { get; init; }
    public double DurationSeconds { get; set; }
    public required string Mode { get; init; }
    public required string Command { get; init; }
    public required EnvironmentInfo Environment { get; init; }
    public string? LoadAverageAtEnd { get; set; }
    public List<RunFigures> Floors { get; } = [];
    public List<RunFigures> Runs { get; } = [];
    public List<Comparison> Comparisons { get; } = [];
    public List<string> Errors { get; } = [];

    public bool AllPass => Errors.Count == 0 && Comparisons.All(c => c.Pass);
}
