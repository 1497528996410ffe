using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb;

/// <summary>A measurement as the store keeps it: the record plus an arrival sequence for stable, newest-first paging.</summary>
public sealed class StoredMeasurement
{
    /// <summary>The measurementId.</summary>
    public string Id { get; set; } = "";
    public long Seq { get; set; }
    public MeasurementRecord Record { get; set; } = new();
}
