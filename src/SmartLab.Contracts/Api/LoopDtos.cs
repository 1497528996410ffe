using System.Text.Json;

namespace SmartLab.Contracts.Api;

/// <summary>The rule for a loop's name, shared by loop files and the hub's loop endpoints.</summary>
public static class LoopNames
{
    public const int MaxLength = 64;

    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>The rule in words, to follow "name `x`" in an error message.</summary>
    public const string Rule = "must be 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit";
}

/// <summary>
/// What a running closed loop tells the hub about itself (<c>PUT /api/v1/loops/{name}</c>), so that staff and the user
/// it works for can follow it in the web pages: its settings, every finished experiment with its value, what runs and
/// what waits for staff. The loop's jobs stay the record; this is their summary from the loop's side.
/// </summary>
public sealed record LoopStatusReport
{
    /// <summary><c>running</c> while the runner works, then <c>finished</c> (budget used) or <c>stopped</c> (see <see cref="StoppedBecause"/>).</summary>
    public string State { get; init; } = "running";
    public string? Description { get; init; }
    public string Optimizer { get; init; } = "";

    /// <summary><c>minimize</c> or <c>maximize</c>.</summary>
    public string Goal { get; init; } = "minimize";
    public int Budget { get; init; }
    public int InFlight { get; init; }

    /// <summary>The objective: an output of a step's measurement, and its unit (UCUM) once the loop has read one.</summary>
    public string Objective { get; init; } = "";
    public string? ObjectiveUnit { get; init; }
    public IReadOnlyList<LoopDimensionView> Space { get; init; } = [];
    public IReadOnlyList<LoopExperimentView> Experiments { get; init; } = [];
    public IReadOnlyList<LoopWaitingView> Waiting { get; init; } = [];
    public string? StoppedBecause { get; init; }
}

/// <summary>One dimension of a loop's search space.</summary>
public sealed record LoopDimensionView(string Name, string Type, string? Unit);

/// <summary>
/// One experiment: its number, the point (dimension → value), its jobs by step, and its value (null while running or
/// when it failed, then with <see cref="Error"/>).
/// </summary>
public sealed record LoopExperimentView
{
    public int Number { get; init; }
    public IReadOnlyDictionary<string, JsonElement> Point { get; init; } = new Dictionary<string, JsonElement>();
    public IReadOnlyDictionary<string, string> Jobs { get; init; } = new Dictionary<string, string>();
    public string? SampleId { get; init; }

    /// <summary><c>running</c>, <c>done</c> or <c>failed</c>.</summary>
    public string State { get; init; } = "running";
    public double? Value { get; init; }
    public string? Error { get; init; }
}

/// <summary>A job of the loop that waits for staff (approval, a sample, a hold or the release of its data).</summary>
public sealed record LoopWaitingView(string JobId, int Experiment, string Step, string State, string? Reason);

/// <summary>A loop as the hub shows it: the last report, who runs it, for whom, and when it last reported.</summary>
public sealed record LoopView
{
    /// <summary><c>{account}/{name}</c>: loop names are unique per account.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Account { get; init; }
    public string? OnBehalfOf { get; init; }
    public DateTimeOffset FirstReportedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Finished experiments, and the best of them (null until one succeeded).</summary>
    public int Done { get; init; }
    public double? BestValue { get; init; }
    public int? BestExperiment { get; init; }
    public required LoopStatusReport Status { get; init; }
}
