namespace SmartLab.Loop.Runner;

/// <summary>The sample each experiment creates: one new sample per experiment, named <c>{NamePrefix} #{n}</c>.</summary>
public sealed record LoopSampleTemplate
{
    /// <summary>Start of each sample's name (the loop's name when the file gives none).</summary>
    public required string NamePrefix { get; init; }

    public string? Composition { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Hazards { get; init; } = [];
}
