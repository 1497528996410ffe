namespace SmartLab.Domain.Measurements;

/// <summary>Filters for listing measurements; every filter is optional. Results come newest first.</summary>
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
    public int Limit { get; init; } = 50;

    /// <summary>Opaque continuation from the previous page.</summary>
    public string? Cursor { get; init; }
}
