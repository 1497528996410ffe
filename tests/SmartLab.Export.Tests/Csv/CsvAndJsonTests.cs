using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using SmartLab.Export.Csv;
using SmartLab.Export.Json;
using SmartLab.Export.Tests.Infrastructure;

namespace SmartLab.Export.Tests.Csv;

public sealed class CsvAndJsonTests
{
    [Fact]
    public void CsvSidecar_XrdScan_HeaderNamesUnitsRowsParseBackAndSidecarDescribesThem()
    {
        var dataset = Fixtures.Xrd(Fixtures.Embargo);
        using var buffer = new MemoryStream();
        new CsvSidecarWriter().Write(dataset, dataset.Measurements[0], buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        const string Id = "01JDXRD0000000000000000001";

        var lines = Read(zip, $"{Id}.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("twoTheta [deg],intensity [{counts}]", lines[0]);
        Assert.Equal(Fixtures.TwoTheta.Length + 1, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(Fixtures.TwoTheta, rows.Select(r => r[0]));
        Assert.Equal(Fixtures.Intensity, rows.Select(r => r[1]));

        var sidecar = JsonNode.Parse(Read(zip, $"{Id}.json"))!;
        Assert.Equal($"{Id}.csv", (string?)sidecar["dataFile"]);
        Assert.Equal("deg", (string?)sidecar["columns"]![0]!["units"]);
        Assert.Equal("axis", (string?)sidecar["columns"]![0]!["role"]);
        Assert.Equal("signal", (string?)sidecar["columns"]![1]!["role"]);
        var step = sidecar["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "step")!;
        Assert.Equal(0.05, (double)step["value"]!);
        Assert.Equal("deg", (string?)step["unit"]);
        Assert.Equal("kV", (string?)sidecar["conditions"]!.AsArray().Single(p => (string?)p!["name"] == "tubeVoltage")!["unit"]);
        Assert.Equal("CAL-2026-11", (string?)sidecar["instrument"]!["calibration"]!["id"]);
        Assert.Equal("0.1.0", (string?)sidecar["instrument"]!["agent"]!["version"]);
        Assert.Equal("xrd-powder", (string?)sidecar["instrument"]!["profile"]!["id"]);
        Assert.Equal("alice", (string?)sidecar["provenance"]!["requester"]!["id"]);
        Assert.Equal("tanaka", (string?)sidecar["provenance"]!["operator"]!["id"]);
        Assert.Equal(["sample:S-000045", "job:J-000123", "attempt:1", $"measurement:{Id}"],
            sidecar["provenance"]!["chain"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("approved", (string?)sidecar["provenance"]!["job"]!["history"]![1]!["to"]);
        Assert.Equal(Fixtures.Sha("scan.raw content"u8.ToArray()), (string?)sidecar["files"]![0]!["sha256"]);
        Assert.Equal("2027-06-01T00:00:00.000Z", (string?)sidecar["embargoUntil"]);
    }

    [Fact]
    public void JsonRecord_XrdScan_HoldsMetadataAndTheDocumentAsSent()
    {
        var dataset = Fixtures.Xrd(Fixtures.Embargo);
        using var buffer = new MemoryStream();
        new JsonRecordWriter().Write(dataset, dataset.Measurements[0], buffer);

        var record = JsonNode.Parse(buffer.ToArray())!;
        Assert.Equal("01JDXRD0000000000000000001", (string?)record["id"]);
        Assert.Equal("xrd-01", (string?)record["record"]!["instrumentId"]);
        Assert.Equal(31.2, (double)record["document"]!["data"]!["twoTheta"]![224]!, 6);
        Assert.Equal("deg", (string?)record["document"]!["descriptors"]!["twoTheta"]!["units"]);
        Assert.Equal("2027-06-01T00:00:00.000Z", (string?)record["embargoUntil"]);
    }

    [Fact]
    public void Csv_TextCellLikeAFormula_IsDefused()
    {
        var dataset = Fixtures.Xrd();
        var m = dataset.Measurements[0];
        var hostile = m with
        {
            Document = m.Document with { Columns = [new Model.DataColumn("note", null, null, ["=cmd()", "-3.5", "a,b"])] },
        };
        using var buffer = new MemoryStream();
        new CsvDataWriter().Write(hostile, buffer);

        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split("\r\n");
        Assert.Equal(["note", "'=cmd()", "-3.5", "\"a,b\""], lines.Take(4));
    }

    static string Read(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"{name} missing from the archive");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
