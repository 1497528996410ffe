using System.Text.Json;

namespace SmartLab.Contracts.Api;

/// <summary>A measurement with its provenance, as clients see it.</summary>
public sealed record MeasurementView
{
    public required string Id { get; init; }
    public required string InstrumentId { get; init; }
    public string? JobId { get; init; }
    public int? Attempt { get; init; }
    public string? SampleId { get; init; }
    public string? Method { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public string? Profile { get; init; }
    public string? ProfileVersion { get; init; }
    public string? Owner { get; init; }
    public string? Operator { get; init; }
    public IReadOnlyList<MeasurementFileView> Files { get; init; } = [];

    /// <summary>The agent's document (parameters, conditions, descriptors, data, instrument metadata). Omitted in lists.</summary>
    public JsonElement? Document { get; init; }
}

public sealed record MeasurementFileView(string FileId, string Name, string MediaType, long Size, string Sha256, bool Stored, string? Href);

/// <summary>A page of results; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
