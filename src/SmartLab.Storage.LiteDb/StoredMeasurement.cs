using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb;

/// <summary>A measurement as the store keeps it: the record plus an arrival sequence for stable, newest-first paging.</summary>
public sealed class StoredMeasurement
{
    /// <summary>The measurementId.</summary>
    public string Id { get; set; } = "";
    public long Seq { get; set; }
    public MeasurementRecord Record { get; set; } = new();

    /// <summary>Time key: received ticks and <see cref="Seq"/> as 38 digits; the sort order and cursor of searches.</summary>
    public string TK { get; set; } = "";

    /// <summary><c>{instrumentId}|{TK}</c>: one instrument's measurements in time order.</summary>
    public string IT { get; set; } = "";

    /// <summary>
    /// Search keys: one <c>{key}|{n or s}|{units or text}|{value}|{TK}</c> entry per searchable value, read through one
    /// multikey index (an empty list adds no index entry).
    /// </summary>
    public List<string> SK { get; set; } = [];
}
