using System.Text.Json;
using SmartLab.Contracts.Api;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

/// <summary>One job of an experiment: where it runs, which method, and its parameters with <c>${dimension}</c> placeholders.</summary>
public sealed record LoopStep
{
    /// <summary>Name of the step, unique in the loop; it appears in the job's notes and idempotency key.</summary>
    public required string Name { get; init; }

    /// <summary>One instrument by id; null when <see cref="InstrumentKind"/> names a profile instead.</summary>
    public string? Instrument { get; init; }

    /// <summary>Any instrument of this profile, for example <c>tube-furnace</c>.</summary>
    public string? InstrumentKind { get; init; }

    public required string Method { get; init; }

    /// <summary>low, normal or high; null leaves the hub's default.</summary>
    public string? Priority { get; init; }

    /// <summary>The parameters as written in the file (a JSON object); whole values <c>"${name}"</c> are placeholders.</summary>
    public JsonElement Parameters { get; init; } = JsonSerializer.SerializeToElement(new { });

    /// <summary>
    /// The job request of this step for one experiment: placeholders replaced by the point's values (numbers stay
    /// numbers), the experiment's sample, and the notes that let a restarted runner find the job again.
    /// </summary>
    public SubmitJobRequest ToRequest(IReadOnlyDictionary<string, object> point, string? sampleId, string notes) => new()
    {
        Instrument = Instrument,
        InstrumentKind = InstrumentKind,
        Method = Method,
        Priority = Priority,
        SampleId = sampleId,
        Notes = notes,
        Parameters = ParameterTemplate.Substitute(Parameters, point),
    };
}
