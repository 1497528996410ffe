using System.Text.Json.Nodes;
using PureHDF;
using SmartLab.Export.Nexus;
using SmartLab.Export.Tests.Infrastructure;

namespace SmartLab.Export.Tests.Nexus;

public sealed class NexusWriterTests : IDisposable
{
    readonly string _directory = Fixtures.TempDirectory();

    string WriteXrd(DateTimeOffset? embargo = null)
    {
        var dataset = Fixtures.Xrd(embargo);
        var path = Path.Combine(_directory, "xrd.nxs");
        using (var file = File.Create(path))
        {
            new NexusWriter().Write(dataset, dataset.Measurements[0], file);
        }

        return path;
    }

    string WriteSem()
    {
        var dataset = Fixtures.Sem();
        var path = Path.Combine(_directory, "sem.nxs");
        using (var file = File.Create(path))
        {
            new NexusWriter().Write(dataset, dataset.Measurements[0], file);
        }

        return path;
    }

    [Fact]
    public void Write_XrdScan_PureHdfReadsEntryDataWithSignalAxesAndUnits()
    {
        using var file = H5File.OpenRead(WriteXrd(Fixtures.Embargo));

        Assert.Equal("entry", file.Attribute("default").Read<string>());
        var entry = file.Group("entry");
        Assert.Equal("NXentry", entry.Attribute("NX_class").Read<string>());
        Assert.Equal("data", entry.Attribute("default").Read<string>());
        Assert.Equal("2026-11-29T10:00:00.000Z", entry.Dataset("start_time").Read<string>());
        Assert.Equal("2026-11-29T10:30:00.000Z", entry.Dataset("end_time").Read<string>());
        Assert.Equal("J-000123", entry.Dataset("experiment_identifier").Read<string>());
        Assert.Equal("SmartLab", entry.Dataset("program_name").Read<string>());
        Assert.Equal("0.1.0", entry.Dataset("program_name").Attribute("version").Read<string>());
        Assert.Equal("2027-06-01T00:00:00.000Z", entry.Dataset("embargo_until").Read<string>());
        Assert.Contains("LiCoO2 pellet #3", entry.Dataset("title").Read<string>(), StringComparison.Ordinal);

        var sample = entry.Group("sample");
        Assert.Equal("NXsample", sample.Attribute("NX_class").Read<string>());
        Assert.Equal("S-000045", sample.Dataset("name").Read<string>());
        Assert.Contains("LiCoO2 pellet #3", sample.Dataset("description").Read<string>(), StringComparison.Ordinal);

        var instrument = entry.Group("instrument");
        Assert.Equal("NXinstrument", instrument.Attribute("NX_class").Read<string>());
        Assert.Equal("xrd-01", instrument.Dataset("instrument_id").Read<string>());
        Assert.Equal("xrd-powder", instrument.Dataset("profile_id").Read<string>());
        Assert.Equal("1.0.0", instrument.Dataset("profile_version").Read<string>());
        Assert.Equal("0.1.0", instrument.Dataset("agent_version").Read<string>());
        Assert.Equal("CAL-2026-11", instrument.Group("calibration").Dataset("id").Read<string>());

        var data = entry.Group("data");
        Assert.Equal("NXdata", data.Attribute("NX_class").Read<string>());
        Assert.Equal("intensity", data.Attribute("signal").Read<string>());
        Assert.Equal(["twoTheta"], data.Attribute("axes").Read<string[]>());
        Assert.Equal(Fixtures.TwoTheta, data.Dataset("twoTheta").Read<double[]>());
        Assert.Equal(Fixtures.Intensity, data.Dataset("intensity").Read<double[]>());
        Assert.Equal("deg", data.Dataset("twoTheta").Attribute("units").Read<string>());
        Assert.Equal("{counts}", data.Dataset("intensity").Attribute("units").Read<string>());

        // Bare numbers in the document get their units from the profile: parameters from the method, conditions from channels.
        var parameters = entry.Group("parameters");
        Assert.Equal("NXcollection", parameters.Attribute("NX_class").Read<string>());
        Assert.Equal(0.05, parameters.Dataset("step").Read<double>());
        Assert.Equal("deg", parameters.Dataset("step").Attribute("units").Read<string>());
        Assert.Equal("s", parameters.Dataset("dwell").Attribute("units").Read<string>());
        var conditions = entry.Group("conditions");
        Assert.Equal(40.0, conditions.Dataset("tubeVoltage").Read<double>());
        Assert.Equal("kV", conditions.Dataset("tubeVoltage").Attribute("units").Read<string>());
        Assert.Equal("Cel", conditions.Dataset("enclosureTemperature").Attribute("units").Read<string>());
        Assert.Equal("Cu", conditions.Dataset("anode").Read<string>());

        var raw = entry.Group("files").Dataset("scan.raw");
        Assert.Equal(Fixtures.Sha("scan.raw content"u8.ToArray()), raw.Attribute("sha256").Read<string>());
    }

    [Fact]
    public void Write_SemImage_PngDecodedIntoImageWithPixelAxesAndKeptAsBytes()
    {
        using var file = H5File.OpenRead(WriteSem());

        var data = file.Group("entry").Group("data");
        Assert.Equal("image", data.Attribute("signal").Read<string>());
        Assert.Equal(["y", "x"], data.Attribute("axes").Read<string[]>());
        var image = data.Dataset("image").Read<ushort[,]>();
        Assert.Equal(32, image.GetLength(0));
        Assert.Equal(32, image.GetLength(1));
        Assert.Equal((ushort)((5 * 1000) + 3), image[3, 5]);
        Assert.Equal("nm", data.Dataset("x").Attribute("units").Read<string>());
        Assert.Equal(12.5, data.Dataset("x").Read<double[]>()[1]);
        Assert.Equal(12.5, file.Group("entry").Group("results").Dataset("pixelSize").Read<double>());
        Assert.Equal("kV", file.Group("entry").Group("parameters").Dataset("acceleratingVoltage").Attribute("units").Read<string>());

        var png = file.Group("entry").Group("files").Dataset("sem-J-000124-SE.png");
        Assert.Equal("image/png", png.Attribute("media_type").Read<string>());
    }

    [Fact]
    public void Write_XrdScan_H5DumpReadsStructureAndUnits()
    {
        var h5dump = Tools.RequireH5Dump();
        var path = WriteXrd(Fixtures.Embargo);

        var (code, header, error) = Tools.Run(h5dump, "-A", path);
        Assert.True(code == 0, $"h5dump failed: {error}");
        Assert.Contains("GROUP \"entry\"", header, StringComparison.Ordinal);
        Assert.Contains("\"NXentry\"", header, StringComparison.Ordinal);
        Assert.Contains("\"NXdata\"", header, StringComparison.Ordinal);
        Assert.Contains("\"NXsample\"", header, StringComparison.Ordinal);
        Assert.Contains("\"NXinstrument\"", header, StringComparison.Ordinal);
        Assert.Contains("\"{counts}\"", header, StringComparison.Ordinal);

        (code, var values, error) = Tools.Run(h5dump, "-d", "/entry/data/twoTheta", "-m", "%.4f", path);
        Assert.True(code == 0, $"h5dump failed: {error}");
        Assert.Contains("DATASPACE  SIMPLE { ( 401 ) / ( 401 ) }", values, StringComparison.Ordinal);
        Assert.Contains("H5T_IEEE_F64LE", values, StringComparison.Ordinal);
        Assert.Matches(@"\(0\): 20\.0000,\s+\(1\): 20\.0500,", values);
        Assert.Matches(@"\(400\): 40\.0000", values);
    }

    [Fact]
    public void Write_XrdScanAndSemImage_H5pyReadsValuesUnitsAndNexusAttributes()
    {
        var python = Tools.RequireH5py();
        var xrd = WriteXrd(Fixtures.Embargo);
        var sem = WriteSem();
        const string Script = """
            import sys, json, h5py
            def s(v):
                return v.decode() if isinstance(v, bytes) else str(v)
            out = {}
            with h5py.File(sys.argv[1], "r") as f:
                e = f["entry"]
                d = e[s(e.attrs["default"])]
                signal = s(d.attrs["signal"])
                axes = [s(a) for a in d.attrs["axes"]]
                out["nx_class"] = s(e.attrs["NX_class"])
                out["signal"] = signal
                out["axes"] = axes
                out["signal_units"] = s(d[signal].attrs["units"])
                out["axis_units"] = s(d[axes[0]].attrs["units"])
                out["first_axis"] = float(d[axes[0]][0])
                out["signal_shape"] = list(d[signal].shape)
                out["signal_max"] = float(d[signal][()].max())
                out["start_time"] = s(e["start_time"][()])
                out["sample"] = s(e["sample/name"][()])
                out["embargo"] = s(e["embargo_until"][()]) if "embargo_until" in e else None
            print(json.dumps(out))
            """;
        var scriptPath = Path.Combine(_directory, "read.py");
        File.WriteAllText(scriptPath, Script.Replace("\r", "", StringComparison.Ordinal));

        var (code, output, error) = Tools.Run(python, scriptPath, xrd);
        Assert.True(code == 0, $"h5py could not read the XRD file: {error}");
        var x = JsonNode.Parse(output)!;
        Assert.Equal("NXentry", (string?)x["nx_class"]);
        Assert.Equal("intensity", (string?)x["signal"]);
        Assert.Equal("twoTheta", (string?)x["axes"]![0]);
        Assert.Equal("{counts}", (string?)x["signal_units"]);
        Assert.Equal("deg", (string?)x["axis_units"]);
        Assert.Equal(20.0, (double)x["first_axis"]!);
        Assert.Equal(401, (int)x["signal_shape"]![0]!);
        Assert.Equal(Fixtures.Intensity.Max(), (double)x["signal_max"]!);
        Assert.Equal("2026-11-29T10:00:00.000Z", (string?)x["start_time"]);
        Assert.Equal("S-000045", (string?)x["sample"]);
        Assert.Equal("2027-06-01T00:00:00.000Z", (string?)x["embargo"]);

        (code, output, error) = Tools.Run(python, scriptPath, sem);
        Assert.True(code == 0, $"h5py could not read the SEM file: {error}");
        var m = JsonNode.Parse(output)!;
        Assert.Equal("image", (string?)m["signal"]);
        Assert.Equal([32, 32], m["signal_shape"]!.AsArray().Select(n => (int)n!));
        Assert.Equal("nm", (string?)m["axis_units"]);
        Assert.Null((string?)m["embargo"]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
