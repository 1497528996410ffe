using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Csv;

/// <summary>A CSV data file and its JSON sidecar together, as a zip: <c>&lt;id&gt;.csv</c> and <c>&lt;id&gt;.json</c>.</summary>
public sealed class CsvSidecarWriter
{
    public void Write(DatasetExport dataset, MeasurementExport measurement, Stream output)
    {
        using var zip = new ZipOut(output, dataset.ExportedAt);
        foreach (var file in new[] { DerivedFiles.Csv(measurement), DerivedFiles.Sidecar(dataset, measurement) })
        {
            zip.Add(file.Name, file.Content);
        }
    }
}
