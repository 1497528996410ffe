namespace SmartLab.Domain.Measurements;

/// <summary>Filters for listing measurements; every filter is optional. Results come newest first (by the time the hub received them).</summary>
public sealed record MeasurementQuery
{
    public string? InstrumentId { get; init; }
    public string? SampleId { get; init; }
    public string? JobId { get; init; }
    public string? Method { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Only measurements owned by this account (null: all, for staff).</summary>
    public string? Owner { get; init; }
    /// <summary>Only complete (true) or incomplete (false) records; null: both.</summary>
    public bool? Complete { get; init; }

    /// <summary>Comparisons on parameters, conditions and metadata, all of which must hold.</summary>
    public IReadOnlyList<MetadataCondition> Where { get; init; } = [];

    /// <summary>Converts a condition's number given with units into a record's units (null: only equal units compare).</summary>
    public UnitConverter? ConvertUnits { get; init; }
    public int Limit { get; init; } = 50;

    /// <summary>Opaque continuation from the previous page.</summary>
    public string? Cursor { get; init; }
}
