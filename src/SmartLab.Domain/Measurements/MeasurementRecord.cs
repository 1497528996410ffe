namespace SmartLab.Domain.Measurements;

/// <summary>A stored measurement: indexed provenance fields plus the agent's document as received.</summary>
public sealed class MeasurementRecord
{
    /// <summary>The agent's measurementId, unique per hub (the idempotency key).</summary>
    public string Id { get; set; } = "";
    public string InstrumentId { get; set; } = "";
    public string? JobId { get; set; }
    public int? Attempt { get; set; }
    public string? SampleId { get; set; }
    public string? Method { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? ProfileId { get; set; }
    public string? ProfileVersion { get; set; }

    /// <summary>
    /// The account that may see the data: a job's owner once the job is delivered; null (staff only) before that and
    /// for measurements outside jobs.
    /// </summary>
    public string? Owner { get; set; }

    /// <summary>Who asked for the measurement (a job's requester) and, for automation accounts, the user they act for.</summary>
    public string? Requester { get; set; }
    public string? OnBehalfOf { get; set; }
    public string? Operator { get; set; }
    public List<MeasurementFile> Files { get; set; } = [];

    /// <summary>The measurement document exactly as the agent sent it (UTF-8 JSON).</summary>
    public string Document { get; set; } = "";
}

/// <summary>A file listed by a measurement and whether its bytes have been stored.</summary>
public sealed class MeasurementFile
{
    public string FileId { get; set; } = "";
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public bool Stored { get; set; }
}
