using System.Text.Json.Nodes;
using PureHDF;
using SmartLab.Export.RoCrate;
using SmartLab.Export.Tests.Infrastructure;

namespace SmartLab.Export.Tests.RoCrate;

public sealed class RoCrateWriterTests
{
    const string Id = "01JDXRD0000000000000000001";

    [Fact]
    public void Write_DeliveredXrdJob_CrateMeetsRoCrate11AndLinksInstrumentOperatorSampleAndResults()
    {
        var dataset = Fixtures.Xrd(Fixtures.Embargo);
        using var buffer = new MemoryStream();
        new RoCrateWriter().Write(dataset, buffer);
        var entries = Zip.Entries(buffer.ToArray());

        var metadata = JsonNode.Parse(entries["ro-crate-metadata.json"])!;
        var byId = RoCrateChecks.Check(metadata, entries);

        var root = byId["./"];
        Assert.Equal("J-000123", (string?)root["identifier"]);
        Assert.Contains("2027-06-01T00:00:00.000Z", (string?)root["conditionsOfAccess"], StringComparison.Ordinal);
        Assert.Equal("Organization", (string?)byId[(string)root["publisher"]!["@id"]!]["@type"]);
        Assert.Equal("Alice Adams", (string?)byId[(string)root["author"]!["@id"]!]["name"]);

        var action = byId[$"#measurement-{Id}"];
        Assert.Equal("CreateAction", (string?)action["@type"]);
        Assert.Equal("2026-11-29T10:00:00.000Z", (string?)action["startTime"]);
        Assert.Equal("2026-11-29T10:30:00.000Z", (string?)action["endTime"]);
        var instrument = byId[(string)action["instrument"]!["@id"]!];
        Assert.Equal("IndividualProduct", (string?)instrument["@type"]);
        Assert.Equal("xrd-01", (string?)instrument["identifier"]);
        var agent = byId[(string)action["agent"]!["@id"]!];
        Assert.Equal("Person", (string?)agent["@type"]);
        Assert.Equal("Tanaka Hiroshi", (string?)agent["name"]);
        Assert.Equal("S-000045", (string?)byId[(string)action["object"]![0]!["@id"]!]["identifier"]);
        var results = action["result"]!.AsArray().Select(r => (string)r!["@id"]!).ToList();
        Assert.Contains($"{Id}/{Id}.nxs", results);
        Assert.Contains($"{Id}/{Id}.csv", results);
        Assert.Contains($"{Id}/files/scan.raw", results);
        Assert.Contains(metadata["@graph"]!.AsArray(), e => (string?)e!["@id"] == (string?)root["mentions"]![0]!["@id"]);

        Assert.Equal("application/x-hdf5", (string?)byId[$"{Id}/{Id}.nxs"]["encodingFormat"]);
        Assert.Equal("scan.raw content"u8.ToArray(), entries[$"{Id}/files/scan.raw"]);

        // The NeXus file inside the crate is a readable HDF5 file with the data.
        var path = Path.Combine(Fixtures.TempDirectory(), "in-crate.nxs");
        File.WriteAllBytes(path, entries[$"{Id}/{Id}.nxs"]);
        using (var nexus = H5File.OpenRead(path))
        {
            Assert.Equal(Fixtures.Intensity, nexus.Dataset("/entry/data/intensity").Read<double[]>());
        }

        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Check_CrateWithDanglingReference_Fails()
    {
        // The checker itself must be able to fail: a crate whose action names a missing sample is refused.
        var dataset = Fixtures.Xrd();
        using var buffer = new MemoryStream();
        new RoCrateWriter().Write(dataset, buffer);
        var entries = Zip.Entries(buffer.ToArray());
        var metadata = JsonNode.Parse(entries["ro-crate-metadata.json"])!;
        var graph = metadata["@graph"]!.AsArray();
        graph.Remove(graph.First(e => (string?)e!["@type"] == "Thing"));

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => RoCrateChecks.Check(metadata, entries));
        Assert.Contains("#sample-", failure.Message);
    }
}
