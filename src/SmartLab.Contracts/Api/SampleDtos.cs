namespace SmartLab.Contracts.Api;

/// <summary>Body of <c>POST /api/v1/samples</c>.</summary>
public sealed record CreateSampleRequest
{
    public string? Name { get; init; }
    public string? Description { get; init; }

    /// <summary>Chemical composition, for example <c>LiCoO2</c>.</summary>
    public string? Composition { get; init; }

    /// <summary>Hazards staff must know before handling it (GHS phrases or free text).</summary>
    public IReadOnlyList<string>? Hazards { get; init; }

    /// <summary>Accounts that may also use the sample in their jobs.</summary>
    public IReadOnlyList<string>? SharedWith { get; init; }
}

public sealed record SampleView
{
    /// <summary>Permanent id, for example <c>S-000045</c>; the label's QR code holds it.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Composition { get; init; }
    public IReadOnlyList<string> Hazards { get; init; } = [];
    public required string Owner { get; init; }
    public IReadOnlyList<string> SharedWith { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When staff received the physical sample, or null while it is on its way.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
    public string? ReceivedBy { get; init; }

    /// <summary>The sample's jobs and measurements (only in <c>GET /samples/{id}</c>).</summary>
    public IReadOnlyList<JobView>? Jobs { get; init; }
    public IReadOnlyList<string>? MeasurementIds { get; init; }
}

/// <summary>Answer of <c>POST /api/v1/samples/{id}/receive</c>: the sample and the jobs its arrival released to the queue.</summary>
public sealed record SampleReceipt(SampleView Sample, IReadOnlyList<string> QueuedJobs);
