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

    /// <summary>Measurements this one was computed from (the document's <c>derivedFrom</c>), for results derived from raw data.</summary>
    public List<string> DerivedFrom { get; set; } = [];

    /// <summary>The agent software that produced the document, as its last birth reported it (null if the hub never heard).</summary>
    public string? AgentName { get; set; }
    public string? AgentVersion { get; set; }

    /// <summary>The instrument's calibration the document names (<c>instrument.calibration</c>), if any.</summary>
    public MeasurementCalibration? Calibration { get; set; }

    /// <summary>Values of the metadata the profile requires, by dotted path, as far as the document carries them.</summary>
    public List<MetadataValue> Metadata { get; set; } = [];

    /// <summary>The run's parameters, each with its units (from the document, else from the profile's method).</summary>
    public List<MeasuredValue> Parameters { get; set; } = [];

    /// <summary>Experimental conditions, each with its units (from the document, else from a telemetry channel of that name).</summary>
    public List<MeasuredValue> Conditions { get; set; } = [];

    /// <summary>Lower-case hex SHA-256 of <see cref="Document"/> (its UTF-8 bytes), so copies can be checked against the original.</summary>
    public string DocumentSha256 { get; set; } = "";

    /// <summary>False when the document lacks metadata its profile requires; <see cref="Missing"/> names what.</summary>
    public bool Complete { get; set; } = true;

    /// <summary>Dotted paths of the required metadata the document lacks (empty for a complete record).</summary>
    public List<string> Missing { get; set; } = [];

    /// <summary>Until this instant only the owner and staff may see the record; copied from the job that produced it.</summary>
    public DateTimeOffset? EmbargoUntil { get; set; }

    /// <summary>True while <see cref="EmbargoUntil"/> lies after <paramref name="now"/>.</summary>
    public bool IsEmbargoedAt(DateTimeOffset now) => EmbargoUntil is { } until && until > now;

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
