using System.Text.Json;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Json;

/// <summary>
/// The JSON sidecar of a CSV data file: what each column is (name, units, axis or signal), the parameters and conditions
/// with units, instrument, calibration, sample, who asked and who operated, the job's history, files with hashes, embargo.
/// </summary>
public sealed class SidecarWriter
{
    public void Write(DatasetExport dataset, MeasurementExport measurement, Stream output) =>
        JsonSerializer.Serialize(output, MetadataJson.Build(dataset, measurement, $"{measurement.Id}.csv"), ExportJson.Indented);
}
