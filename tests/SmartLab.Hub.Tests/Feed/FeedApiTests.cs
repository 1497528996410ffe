using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Hub.Tests.Protocol;

namespace SmartLab.Hub.Tests.Feed;

/// <summary>The feed end to end in the real hub: a finalised measurement reaches the drop folder; staff see and retry the outbox.</summary>
public sealed class FeedApiTests
{
    static readonly JsonSerializerOptions Json = HubJson.Options;

    static string[] FolderSink(string name = "archive") =>
        [$"--SmartLab:Feed:Sinks:0:Type=folder", $"--SmartLab:Feed:Sinks:0:Name={name}", "--SmartLab:Feed:Sinks:0:Path=feed"];

    [Fact]
    public async Task StandaloneMeasurementWithFile_LandsInTheFolderOnce_AndTheViewSaysDelivered()
    {
        await using var hub = await TestHub.StartAsync(null, FolderSink());
        var secret = await hub.RegisterAsync("xrd-f1");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-f1", secret);
        var file = RandomNumberGenerator.GetBytes(70_000);
        await agent.PublishRawAsync($"{agent.Prefix}/files/F-1/0/1", file);
        await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-feed-1", new
        {
            fileId = "F-1", name = "scan.raw", mediaType = "application/octet-stream", size = file.Length,
            sha256 = Convert.ToHexStringLower(SHA256.HashData(file)),
        }));
        await agent.WaitForAckAsync("file", "F-1");
        using var admin = hub.AdminClient();

        var entry = await WaitForAsync(admin, "M-feed-1", "delivered");

        var folder = Path.Combine(hub.DataDirectory, "feed", "M-feed-1");
        Assert.Equal(["M-feed-1"], Directory.GetDirectories(Path.Combine(hub.DataDirectory, "feed")).Select(Path.GetFileName));
        var record = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "record.json")))!;
        Assert.Equal("measurement", (string?)record["kind"]);
        var measurement = record["measurements"]![0]!;
        Assert.Equal("xrd-f1", (string?)measurement["instrumentId"]);
        Assert.Equal("CAL-2026-11", (string?)measurement["document"]!["instrument"]!["calibration"]!["id"]);
        Assert.Equal(file, await File.ReadAllBytesAsync(Path.Combine(folder, "files", "M-feed-1", "scan.raw")));
        var sink = Assert.Single(entry.Sinks);
        Assert.Equal(("archive", "delivered", 1), (sink.Sink, sink.Status, sink.Attempts));

        var overview = await admin.GetFromJsonAsync<FeedOverview>("/api/v1/feed?status=delivered", Json);
        Assert.Equal(1, overview!.Delivered);
        Assert.Equal("M-feed-1", Assert.Single(overview.Items).Id);
        Assert.Equal(new FeedSinkSummary("archive", "folder", 0, 0, 1, null, null), Assert.Single(overview.Sinks));
    }

    [Fact]
    public async Task DeliveredJob_GetsAnEntry_WithTheJobAndItsMeasurementInTheRecord()
    {
        await using var hub = await TestHub.StartAsync(null, FolderSink());
        await using var simulator = await Jobs.JobKit.StartSimulatorAsync(hub, "xrd-01");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (status, job) = await Jobs.JobKit.PostAsync(staff, "/api/v1/jobs", Jobs.JobKit.XrdScan());
        Assert.Equal(HttpStatusCode.Created, status);
        var id = (string)job!["id"]!;
        await Jobs.JobKit.WaitForStateAsync(staff, id, "delivered");

        await WaitForAsync(staff, id, "delivered");

        var record = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(hub.DataDirectory, "feed", id, "record.json")))!;
        Assert.Equal("job", (string?)record["kind"]);
        Assert.Equal("delivered", (string?)record["job"]!["state"]);
        var measurement = Assert.Single(record["measurements"]!.AsArray())!;
        Assert.Equal(id, (string?)measurement["jobId"]);
        foreach (var file in measurement["files"]!.AsArray())
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(hub.DataDirectory, "feed", id, (string)file!["path"]!));
            Assert.Equal((string?)file["sha256"], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        // The data platform's formats travel with the record: NeXus per measurement, the job's RO-Crate and RDE package.
        var folder = Path.Combine(hub.DataDirectory, "feed", id);
        var nexus = await File.ReadAllBytesAsync(Path.Combine(folder, "nexus", (string)measurement["id"]! + ".nxs"));
        Assert.Equal([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], nexus[..8]);
        using (var crate = System.IO.Compression.ZipFile.OpenRead(Path.Combine(folder, id + ".ro-crate.zip")))
        {
            var metadata = JsonNode.Parse(crate.GetEntry("ro-crate-metadata.json")!.Open())!;
            Assert.Contains(metadata["@graph"]!.AsArray(), e => (string?)e!["@id"] == "./" && (string?)e["@type"] == "Dataset");
        }

        using var rde = System.IO.Compression.ZipFile.OpenRead(Path.Combine(folder, id + ".rde.zip"));
        Assert.Contains(rde.Entries, e => e.FullName.EndsWith("invoice.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Users_AreForbidden_StaffSeeAndRetry_EachRetryAudited()
    {
        await using var hub = await TestHub.StartAsync(null, FolderSink());
        var secret = await hub.RegisterAsync("xrd-f2");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-f2", secret);
        await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-feed-2"));
        await agent.WaitForAckAsync("measurement", "M-feed-2");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        await WaitForAsync(staff, "M-feed-2", "delivered");

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("/api/v1/feed/M-feed-2/retry", null)).StatusCode);

        var delivered = await staff.PostAsync("/api/v1/feed/M-feed-2/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, delivered.StatusCode);
        Assert.Equal("already_delivered", (string?)(await delivered.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
        var missing = await staff.PostAsync("/api/v1/feed/M-nope/retry", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var badStatus = await staff.GetAsync("/api/v1/feed?status=lost");
        Assert.Equal("invalid_status", (string?)(await badStatus.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsync("/api/v1/feed/retry?status=pending", null)).StatusCode);

        var all = await staff.PostAsync("/api/v1/feed/retry?status=failing", null);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Empty((await all.Content.ReadFromJsonAsync<FeedRetryResult>(Json))!.Ids);
        var audit = await staff.GetFromJsonAsync<JsonArray>("/api/v1/audit?actor=staff:tanaka", Json);
        var retry = Assert.Single(audit!, a => (string?)a!["action"] == "feed.retry");
        Assert.Equal("status=failing", (string?)retry!["target"]);
    }

    [Fact]
    public async Task NoSinks_EntriesKeptAsPending_AndTheViewSaysSo()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-f3");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-f3", secret);
        await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-feed-3"));
        await agent.WaitForAckAsync("measurement", "M-feed-3");
        using var admin = hub.AdminClient();

        var overview = await admin.GetFromJsonAsync<FeedOverview>("/api/v1/feed", Json);

        Assert.Equal(1, overview!.Pending);
        Assert.Empty(overview.Sinks);
        Assert.Contains("no feed sinks are configured", overview.Note);
        Assert.Equal("pending", (await admin.GetFromJsonAsync<FeedEntryView>("/api/v1/feed/M-feed-3", Json))!.Status);
    }

    [Fact]
    public async Task FailingSink_RetryByAdmin_DeliversOnceItWorks()
    {
        await using var server = await RecordingServer.StartAsync();
        server.Answer = _ => 400;
        await using var hub = await TestHub.StartAsync(null,
            "--SmartLab:Feed:Sinks:0:Type=http", "--SmartLab:Feed:Sinks:0:Name=platform", $"--SmartLab:Feed:Sinks:0:Url={server.Url}",
            "--SmartLab:Feed:PermanentFailureBackoff=01:00:00");
        var secret = await hub.RegisterAsync("xrd-f4");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-f4", secret);
        await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-feed-4"));
        await agent.WaitForAckAsync("measurement", "M-feed-4");
        using var admin = hub.AdminClient();

        var failing = await WaitForAsync(admin, "M-feed-4", "failing");
        var sink = Assert.Single(failing.Sinks);
        Assert.Contains("answered 400", sink.LastError);
        Assert.True(sink.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(30), "a refusal is not retried in a tight loop");
        Assert.Single(server.Received);
        var overview = await admin.GetFromJsonAsync<FeedOverview>("/api/v1/feed?status=failing", Json);
        Assert.Contains("answered 400", Assert.Single(overview!.Sinks).LastError);

        server.Answer = _ => 200;
        var retry = await admin.PostAsync("/api/v1/feed/M-feed-4/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);

        await WaitForAsync(admin, "M-feed-4", "delivered");
        Assert.Equal(["M-feed-4", "M-feed-4"], server.Received.Select(r => r.IdempotencyKey));
    }

    internal static async Task<FeedEntryView> WaitForAsync(HttpClient client, string id, string status)
    {
        FeedEntryView? entry = null;
        await Eventually.TrueAsync(async () =>
        {
            var response = await client.GetAsync($"/api/v1/feed/{id}");
            entry = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<FeedEntryView>(Json) : null;
            return entry?.Status == status;
        }, $"feed record {id} {status}", TimeSpan.FromSeconds(30));
        return entry!;
    }
}
