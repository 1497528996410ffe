using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using PureHDF;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Export;

/// <summary>A delivered proxy job's data leaves the hub as NeXus, RO-Crate and RDE packages, to its owner and staff only.</summary>
public sealed class DatasetExportTests
{
    /// <summary>An embargo a month ahead, at midnight UTC, as the API takes it and as exports write it.</summary>
    static readonly DateTimeOffset EmbargoDay = new(DateTimeOffset.UtcNow.Date.AddDays(30), TimeSpan.Zero);
    static readonly string Embargo = EmbargoDay.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    static readonly string EmbargoExported = EmbargoDay.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task DeliveredXrdJob_OwnerDownloadsNexusRoCrateAndRde_OthersGet404()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (status, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "LiCoO2 pellet #3", composition = "LiCoO2" });
        Assert.Equal(HttpStatusCode.Created, status);
        var sampleId = (string)sample!["id"]!;
        (status, var job) = await PostAsync(alice, "/api/v1/jobs", new
        {
            instrument = "xrd-01",
            method = "theta2theta",
            parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
            sampleId,
            embargoUntil = Embargo,
        });
        Assert.True(status == HttpStatusCode.Created, job?.ToJsonString());
        var jobId = (string)job!["id"]!;
        await ApproveAsync(staff, jobId);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/samples/{sampleId}/receive")).Status);
        job = await WaitForStateAsync(staff, jobId, "succeeded");
        var measurementId = (string)job["measurementIds"]![0]!;

        // Before delivery the requester sees the job but no data: the dataset is not ready for them.
        AssertProblem(await GetAsync(alice, $"/api/v1/jobs/{jobId}/dataset?format=rocrate"), HttpStatusCode.Conflict, "dataset_not_ready");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{jobId}/deliver")).Status);

        // NeXus of the measurement, read back with PureHDF.
        var nexus = await DownloadAsync(alice, $"/api/v1/measurements/{measurementId}/export?format=nexus", "application/x-hdf5", $"{measurementId}.nxs");
        var path = Path.Combine(hub.DataDirectory, "check.nxs");
        await File.WriteAllBytesAsync(path, nexus);
        using (var file = H5File.OpenRead(path))
        {
            var entry = file.Group("entry");
            Assert.Equal("NXentry", entry.Attribute("NX_class").Read<string>());
            Assert.Equal(jobId, entry.Dataset("experiment_identifier").Read<string>());
            Assert.Equal(sampleId, entry.Group("sample").Dataset("name").Read<string>());
            Assert.Equal("xrd-powder", entry.Group("instrument").Dataset("profile_id").Read<string>());
            Assert.Equal(EmbargoExported, entry.Dataset("embargo_until").Read<string>());
            var data = entry.Group("data");
            Assert.Equal("intensity", data.Attribute("signal").Read<string>());
            Assert.Equal(["twoTheta"], data.Attribute("axes").Read<string[]>());
            var twoTheta = data.Dataset("twoTheta").Read<double[]>();
            Assert.Equal(401, twoTheta.Length);
            Assert.Equal(20.0, twoTheta[0], 6);
            Assert.Equal(40.0, twoTheta[^1], 6);
            Assert.Equal("deg", data.Dataset("twoTheta").Attribute("units").Read<string>());
            Assert.Equal("{counts}", data.Dataset("intensity").Attribute("units").Read<string>());
            Assert.Equal("kV", entry.Group("conditions").Dataset("tubeVoltage").Attribute("units").Read<string>());
        }

        // CSV with sidecar, and the JSON record.
        var sidecar = Entries(await DownloadAsync(alice, $"/api/v1/measurements/{measurementId}/export?format=sidecar", "application/zip", $"{measurementId}-csv.zip"));
        Assert.StartsWith("twoTheta [deg],intensity [{counts}]", System.Text.Encoding.UTF8.GetString(sidecar[$"{measurementId}.csv"]), StringComparison.Ordinal);
        Assert.Equal(jobId, (string?)JsonNode.Parse(sidecar[$"{measurementId}.json"])!["measurement"]!["jobId"]);
        var record = JsonNode.Parse(await DownloadAsync(alice, $"/api/v1/measurements/{measurementId}/export?format=json", "application/json", $"{measurementId}.json"))!;
        Assert.Equal("tanaka", (string?)record["provenance"]!["operator"]!["id"]);

        // RO-Crate of the job.
        var crate = Entries(await DownloadAsync(alice, $"/api/v1/jobs/{jobId}/dataset?format=rocrate", "application/zip", $"{jobId}-rocrate.zip"));
        var graph = JsonNode.Parse(crate["ro-crate-metadata.json"])!["@graph"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => (string)e["@id"]!);
        Assert.Equal("https://w3id.org/ro/crate/1.1", (string?)graph["ro-crate-metadata.json"]["conformsTo"]!["@id"]);
        Assert.Equal(jobId, (string?)graph["./"]["identifier"]);
        Assert.Contains(EmbargoExported, (string?)graph["./"]["conditionsOfAccess"], StringComparison.Ordinal);
        Assert.Equal(EmbargoExported, (string?)JsonNode.Parse(crate[$"{measurementId}/{measurementId}.json"])!["embargoUntil"]);
        var nxsInCrate = $"{measurementId}/{measurementId}.nxs";
        Assert.Equal("application/x-hdf5", (string?)graph[nxsInCrate]["encodingFormat"]);
        Assert.True(crate.ContainsKey(nxsInCrate));
        var action = graph[$"#measurement-{measurementId}"];
        Assert.Equal("#instrument-xrd-01", (string?)action["instrument"]!["@id"]);
        Assert.Equal("#person-tanaka", (string?)action["agent"]!["@id"]);
        Assert.Equal($"#sample-{sampleId}", (string?)action["object"]![0]!["@id"]);

        // RDE package of the job.
        var rde = Entries(await DownloadAsync(alice, $"/api/v1/jobs/{jobId}/dataset?format=rde", "application/zip", $"{jobId}-rde.zip"));
        var invoice = JsonNode.Parse(rde["invoice/invoice.json"])!;
        Assert.Equal(jobId, (string?)invoice["basic"]!["experimentId"]);
        Assert.Matches("^[0-9a-zA-Z]{56}$", (string?)invoice["basic"]!["dataOwnerId"]);
        Assert.True(rde.ContainsKey($"structured/{measurementId}.nxs"));
        Assert.True(rde.ContainsKey($"raw/{measurementId}.document.json"));
        Assert.True(rde.ContainsKey("meta/metadata.json"));
        Assert.True(rde.ContainsKey("main_image/"));
        Assert.Equal(EmbargoExported, (string?)invoice["custom"]!["embargo_until"]);

        // Staff may download too; another user learns nothing, not even that the job exists.
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/jobs/{jobId}/dataset?format=rde")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/jobs/{jobId}/dataset?format=rocrate")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/jobs/{jobId}/dataset?format=rde")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/measurements/{measurementId}/export?format=nexus")).Status);

        // Unknown formats are named with the allowed ones.
        var detail = AssertProblem(await GetAsync(alice, $"/api/v1/jobs/{jobId}/dataset?format=zip"), HttpStatusCode.BadRequest, "unsupported_format", "format");
        Assert.Contains("rocrate, rde", detail, StringComparison.Ordinal);
        detail = AssertProblem(await GetAsync(alice, $"/api/v1/measurements/{measurementId}/export?format=hdf"), HttpStatusCode.BadRequest, "unsupported_format", "format");
        Assert.Contains("json, csv, nexus, sidecar", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SemJob_NexusHoldsTheDecodedImageAndRdeShowsItAsMainImage()
    {
        await using var hub = await TestHub.StartAsync();
        await using var sem = await StartSimulatorAsync(hub, "sem-01", "sem");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (status, job) = await PostAsync(staff, "/api/v1/jobs", new
        {
            instrument = "sem-01",
            method = "acquireImage",
            parameters = new { magnification = 2000, width = 256 },
        });
        Assert.True(status == HttpStatusCode.Created, job?.ToJsonString());
        var jobId = (string)job!["id"]!;
        if ((string?)job["state"] == "submitted")
        {
            await ApproveAsync(staff, jobId);
        }

        job = await WaitForStateAsync(staff, jobId, "succeeded", "delivered");
        var measurementId = (string)job["measurementIds"]![0]!;
        await Eventually.TrueAsync(async () =>
            (await GetAsync(staff, $"/api/v1/measurements/{measurementId}")).Body?["files"]?[0]?["stored"]?.GetValue<bool>() == true, "image stored");

        var nexus = await DownloadAsync(staff, $"/api/v1/measurements/{measurementId}/export?format=nexus", "application/x-hdf5", $"{measurementId}.nxs");
        var path = Path.Combine(hub.DataDirectory, "sem.nxs");
        await File.WriteAllBytesAsync(path, nexus);
        using (var file = H5File.OpenRead(path))
        {
            var data = file.Group("entry").Group("data");
            Assert.Equal("image", data.Attribute("signal").Read<string>());
            var image = data.Dataset("image").Read<ushort[,]>();
            Assert.Equal(256, image.GetLength(0));
            Assert.Equal(256, image.GetLength(1));
            Assert.Equal("nm", data.Dataset("x").Attribute("units").Read<string>());
        }

        var rde = Entries(await DownloadAsync(staff, $"/api/v1/jobs/{jobId}/dataset?format=rde", "application/zip", $"{jobId}-rde.zip"));
        var main = Assert.Single(rde.Keys, k => k.StartsWith("main_image/", StringComparison.Ordinal) && k.EndsWith(".png", StringComparison.Ordinal));
        Assert.Equal([137, 80, 78, 71], rde[main].Take(4));
    }

    static async Task<byte[]> DownloadAsync(HttpClient client, string path, string mediaType, string fileName)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return body;
    }

    static Dictionary<string, byte[]> Entries(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }
}
