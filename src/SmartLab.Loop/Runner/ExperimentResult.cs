using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Runner;

/// <summary>One finished experiment of a loop.</summary>
public sealed record ExperimentResult
{
    /// <summary>Experiment number, from 1, as in the jobs' notes.</summary>
    public required int Number { get; init; }

    public required Point Point { get; init; }

    public string? SampleId { get; init; }

    /// <summary>The job of each step that ran, by step name.</summary>
    public required IReadOnlyDictionary<string, string> JobIds { get; init; }

    /// <summary>The objective's value; null when the experiment failed.</summary>
    public double? Value { get; init; }

    /// <summary>Why it failed (the job, its state and the hub's reason); null when it succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>True when an earlier run of the loop finished it (rebuilt from the hub's records).</summary>
    public bool FromEarlierRun { get; init; }

    public bool Succeeded => Value is not null;
}
