using System.Text.Json;

namespace SmartLab.Contracts.Payloads;

/// <summary>A measurement document on <c>P/instruments/{id}/measurements</c>. <see cref="MeasurementId"/> is its idempotency key.</summary>
public sealed record MeasurementPayload
{
    public int V { get; init; } = 1;
    public required string MeasurementId { get; init; }
    public string? JobId { get; init; }
    public int? Attempt { get; init; }
    public string? SampleId { get; init; }
    public string? Method { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public JsonElement? Parameters { get; init; }
    public JsonElement? Conditions { get; init; }
    public IReadOnlyDictionary<string, DataDescriptor>? Descriptors { get; init; }
    public JsonElement? Data { get; init; }
    public IReadOnlyList<FileEntry>? Files { get; init; }
    public JsonElement? Instrument { get; init; }
}

/// <summary>Describes one data key: element type, shape and UCUM units.</summary>
public sealed record DataDescriptor
{
    public required string Dtype { get; init; }
    public IReadOnlyList<int>? Shape { get; init; }
    public string? Units { get; init; }
}

/// <summary>A file that belongs to a measurement; its bytes travel as chunks on the files topic.</summary>
public sealed record FileEntry
{
    public required string FileId { get; init; }
    public required string Name { get; init; }
    public string MediaType { get; init; } = "application/octet-stream";
    public long Size { get; init; }
    public required string Sha256 { get; init; }
}
