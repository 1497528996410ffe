using SmartLab.Contracts.Api;
using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>An experiment in flight: what the runner knows of it, updated from the hub's answers and events.</summary>
internal sealed class ExperimentRun(int number, Point point)
{
    public int Number { get; } = number;

    public Point Point { get; } = point;

    public string? SampleId { get; set; }

    /// <summary>The latest view of each step's job, by step name.</summary>
    public Dictionary<string, JobView> Jobs { get; } = new(StringComparer.Ordinal);

    /// <summary>The step running now (or about to be submitted).</summary>
    public string Step { get; set; } = "";

    public bool FromEarlierRun { get; init; }

    public JobView? CurrentJob => Jobs.GetValueOrDefault(Step);

    public ExperimentResult Succeeded(double value) => Result(value, null);

    public ExperimentResult Failed(string error) => Result(null, error);

    ExperimentResult Result(double? value, string? error) => new()
    {
        Number = Number,
        Point = Point,
        SampleId = SampleId,
        JobIds = Jobs.ToDictionary(j => j.Key, j => j.Value.Id, StringComparer.Ordinal),
        Value = value,
        Error = error,
        FromEarlierRun = FromEarlierRun,
    };
}
