using SmartLab.Export.Csv;
using SmartLab.Export.Json;
using SmartLab.Export.Model;
using SmartLab.Export.Nexus;

namespace SmartLab.Export.Internal;

/// <summary>A file an archive writer puts in: its bytes, media type and a one-line description.</summary>
sealed record PackagedFile(string Name, byte[] Content, string MediaType, string Description);

/// <summary>The files the exporters make from one measurement: NeXus, CSV, the CSV's JSON sidecar and the full JSON record.</summary>
static class DerivedFiles
{
    public static PackagedFile Nexus(DatasetExport d, MeasurementExport m) =>
        new($"{m.Id}.nxs", Bytes(s => new NexusWriter().Write(d, m, s)), "application/x-hdf5", "NeXus/HDF5: data with units, sample, instrument and provenance");

    public static PackagedFile Csv(MeasurementExport m) =>
        new($"{m.Id}.csv", Bytes(s => new CsvDataWriter().Write(m, s)), "text/csv", "data columns; header names each column with its units");

    public static PackagedFile Sidecar(DatasetExport d, MeasurementExport m) =>
        new($"{m.Id}.json", Bytes(s => new SidecarWriter().Write(d, m, s)), "application/json", "metadata and provenance of the CSV beside it");

    public static PackagedFile Record(DatasetExport d, MeasurementExport m) =>
        new($"{m.Id}.record.json", Bytes(s => new JsonRecordWriter().Write(d, m, s)), "application/json", "the full measurement record with the agent's document");

    static byte[] Bytes(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return buffer.ToArray();
    }
}
