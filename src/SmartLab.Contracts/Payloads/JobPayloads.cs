using System.Text.Json;

namespace SmartLab.Contracts.Payloads;

/// <summary>Job start or abort from the hub on <c>P/instruments/{id}/jobs</c>.</summary>
public sealed record JobRequest
{
    public int V { get; init; } = 1;

    /// <summary>start or abort.</summary>
    public required string Type { get; init; }
    public required string JobId { get; init; }
    public int Attempt { get; init; } = 1;
    public string? Method { get; init; }
    public JsonElement? Parameters { get; init; }
    public SampleRef? Sample { get; init; }
    public int? LeaseSeconds { get; init; }
    public string? RequestedBy { get; init; }
    public string? Operator { get; init; }
    public string? Reason { get; init; }
}

public sealed record SampleRef(string Id, string? Name);

/// <summary>Job progress or outcome from an agent on <c>P/instruments/{id}/jobs/{jobId}/status</c>.</summary>
public sealed record JobStatusPayload
{
    public int V { get; init; } = 1;
    public int Attempt { get; init; }

    /// <summary>accepted, running, succeeded, failed or aborted.</summary>
    public required string State { get; init; }
    public double? Progress { get; init; }
    public string? Stage { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<string>? MeasurementIds { get; init; }
    public ErrorInfo? Error { get; init; }
    public DateTimeOffset? Ts { get; init; }
}
