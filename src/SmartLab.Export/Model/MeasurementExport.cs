using SmartLab.Domain.Measurements;

namespace SmartLab.Export.Model;

/// <summary>One measurement as exported: the stored record, its document parsed with units, its files and its instrument.</summary>
public sealed record MeasurementExport
{
    public required MeasurementRecord Record { get; init; }
    public required MeasurementDocument Document { get; init; }
    public IReadOnlyList<ExportFile> Files { get; init; } = [];
    public required InstrumentInfo Instrument { get; init; }

    /// <summary>The measurement's own embargo (copied from its job on delivery), if any.</summary>
    public DateTimeOffset? EmbargoUntil { get; init; }

    public string Id => Record.Id;
}
