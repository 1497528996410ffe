using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SmartLab.Export.Rde;
using SmartLab.Export.Tests.Infrastructure;

namespace SmartLab.Export.Tests.Rde;

public sealed class RdePackageWriterTests
{
    const string Id = "01JDXRD0000000000000000001";

    /// <summary>rdetoolkit's own schema for the system part of invoice.json (src/rdetoolkit/static, MIT), kept beside this test.</summary>
    static EvaluationResults Validate(JsonNode invoice)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rde", "invoice_basic_and_sample.schema.json")))!;

        // The published file names draft-07 as `https://json-schema.org/draft-07/schema`; draft-07's own id is the http one
        // with `#`, which is what the validator knows the dialect by. The rules themselves are unchanged.
        Assert.Equal("https://json-schema.org/draft-07/schema", (string?)document["$schema"]);
        document["$schema"] = "http://json-schema.org/draft-07/schema#";
        var schema = JsonSchema.FromText(document.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return schema.Evaluate(JsonSerializer.SerializeToElement(invoice),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    static Dictionary<string, byte[]> Package(Model.DatasetExport dataset, RdeOptions? options = null)
    {
        using var buffer = new MemoryStream();
        new RdePackageWriter(options).Write(dataset, buffer);
        return Zip.Entries(buffer.ToArray());
    }

    [Fact]
    public void Write_XrdJob_FoldersAsRdetoolkitLaysThemOutAndInvoiceValidatesAgainstRdeSchema()
    {
        var entries = Package(Fixtures.Xrd(Fixtures.Embargo));

        foreach (var folder in new[] { "invoice/", "tasksupport/", "meta/", "raw/", "structured/", "main_image/", "other_image/", "nonshared_raw/", "thumbnail/" })
        {
            Assert.Contains(entries.Keys, k => k.StartsWith(folder, StringComparison.Ordinal));
        }

        Assert.Contains("raw/" + Id + "_scan.raw", entries.Keys);
        Assert.Contains("raw/" + Id + ".document.json", entries.Keys);
        Assert.Contains("structured/" + Id + ".csv", entries.Keys);
        Assert.Contains("structured/" + Id + ".nxs", entries.Keys);
        Assert.Contains("tasksupport/metadata-def.json", entries.Keys);
        Assert.Contains("tasksupport/invoice.schema.json", entries.Keys);

        var invoice = JsonNode.Parse(entries["invoice/invoice.json"])!;
        var result = Validate(invoice);
        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", (string?)invoice["datasetId"]);
        Assert.Equal("2026-11-30", (string?)invoice["basic"]!["dateSubmitted"]);
        Assert.Equal("J-000123", (string?)invoice["basic"]!["experimentId"]);
        Assert.Contains("LiCoO2 pellet #3", (string?)invoice["basic"]!["dataName"], StringComparison.Ordinal);
        Assert.Equal("", (string?)invoice["sample"]!["sampleId"]);
        Assert.Equal("LiCoO2", (string?)invoice["sample"]!["composition"]);
        Assert.Equal("2027-06-01T00:00:00.000Z", (string?)invoice["custom"]!["embargo_until"]);

        // The custom section validates against the package's own template schema.
        var custom = JsonSchema.FromText(System.Text.Encoding.UTF8.GetString(entries["tasksupport/invoice.schema.json"]),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        Assert.True(custom.Evaluate(JsonSerializer.SerializeToElement(invoice)).IsValid);

        var metadata = JsonNode.Parse(entries["meta/metadata.json"])!;
        var definitions = JsonNode.Parse(entries["tasksupport/metadata-def.json"])!.AsObject();
        Assert.Equal("CAL-2026-11", (string?)metadata["constant"]!["calibration_id"]!["value"]);
        Assert.Equal("J-000123", (string?)metadata["constant"]!["job_id"]!["value"]);
        Assert.Equal("Tanaka Hiroshi", (string?)metadata["constant"]!["operator"]!["value"]);
        var first = metadata["variable"]![0]!;
        Assert.Equal(40.0, (double)first["condition.tubeVoltage"]!["value"]!);
        Assert.Equal("kV", (string?)first["condition.tubeVoltage"]!["unit"]);
        Assert.Equal("deg", (string?)first["parameter.step"]!["unit"]);

        // Every metadata key is defined, with its type, its unit where it has one, and `variable` on per-measurement keys.
        foreach (var (key, value) in metadata["constant"]!.AsObject())
        {
            Assert.True(definitions.ContainsKey(key), $"metadata key `{key}` has no definition");
            Assert.NotNull(value!["value"]);
        }

        foreach (var (key, _) in first.AsObject())
        {
            Assert.True(definitions.ContainsKey(key), $"metadata key `{key}` has no definition");
            Assert.Equal(1, (int?)definitions[key]!["variable"]);
            Assert.NotNull(definitions[key]!["name"]!["ja"]);
            Assert.NotNull(definitions[key]!["name"]!["en"]);
            Assert.NotNull(definitions[key]!["schema"]!["type"]);
        }

        Assert.Equal("kV", (string?)definitions["condition.tubeVoltage"]!["unit"]);
    }

    [Fact]
    public void Write_SemJob_ImageBecomesMainImage()
    {
        var entries = Package(Fixtures.Sem());

        var main = Assert.Single(entries.Keys, k => k.StartsWith("main_image/", StringComparison.Ordinal) && !k.EndsWith('/'));
        Assert.EndsWith(".png", main, StringComparison.Ordinal);
        Assert.Equal(entries.Single(e => e.Key.StartsWith("raw/", StringComparison.Ordinal) && e.Key.EndsWith(".png", StringComparison.Ordinal)).Value, entries[main]);
    }

    [Fact]
    public void Write_ConfiguredRdeIds_UsedInTheInvoice()
    {
        var owner = new string('a', 56);
        var options = new RdeOptions
        {
            DatasetIds = { ["xrd-powder"] = "0c6b5b0e-8d3f-4d2c-9d1e-2b7c1e6a9f10" },
            UserIds = { ["alice"] = owner },
            InstrumentIds = { ["xrd-01"] = "11111111-2222-3333-4444-555555555555" },
        };

        var invoice = JsonNode.Parse(Package(Fixtures.Xrd(), options)["invoice/invoice.json"])!;

        Assert.True(Validate(invoice).IsValid);
        Assert.Equal("0c6b5b0e-8d3f-4d2c-9d1e-2b7c1e6a9f10", (string?)invoice["datasetId"]);
        Assert.Equal(owner, (string?)invoice["basic"]!["dataOwnerId"]);
        Assert.Equal(owner, (string?)invoice["sample"]!["ownerId"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", (string?)invoice["basic"]!["instrumentId"]);
    }

    [Fact]
    public void Validate_InvoiceWithBadOwnerId_IsRefused()
    {
        // The schema check must be able to fail: a short owner id breaks RDE's 56-character rule.
        var invoice = JsonNode.Parse(Package(Fixtures.Xrd())["invoice/invoice.json"])!;
        invoice["basic"]!["dataOwnerId"] = "alice";

        Assert.False(Validate(invoice).IsValid);
    }
}
