using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Hub.Tests.Protocol;
using SmartLab.Simulators;
using Xunit.Abstractions;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Feed;

/// <summary>
/// The outbox loses and duplicates nothing that matters: the platform answers 503, stalls, refuses connections, and the
/// hub process is SIGKILLed between a send and its mark-as-sent; afterwards every record is at the platform, each once
/// after deduplication by idempotency key. The drop folder holds exactly one copy of each record after a kill mid-write.
/// </summary>
public sealed class FeedCrashTests(ITestOutputHelper output) : IDisposable
{
    readonly string _data = RepoPaths.NewTempDirectory("smartlab-feedcrash");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static HttpClient Client(Uri baseAddress, string token) => new()
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    static string[] HttpSinkArgs(Uri url) =>
    [
        "--SmartLab:Feed:Sinks:0:Type=http", "--SmartLab:Feed:Sinks:0:Name=platform", $"--SmartLab:Feed:Sinks:0:Url={url}",
        "--SmartLab:Feed:Sinks:0:Token=feed-token", "--SmartLab:Feed:Sinks:0:Timeout=00:00:01", "--SmartLab:Feed:Sinks:0:MaxRetries=2",
        "--SmartLab:Feed:Sinks:0:RetryDelay=00:00:00.100", "--SmartLab:Feed:Sinks:0:BreakDuration=00:00:01",
        "--SmartLab:Feed:RetryBackoff=00:00:00.200", "--SmartLab:Feed:MaxRetryBackoff=00:00:01",
    ];

    [Fact]
    public async Task SinkDownThenHubKilledBetweenSendAndMark_AfterRestartEveryRecordDeliveredOnceAfterDedup()
    {
        const int JobCount = 3;
        const int MeasurementCount = 6;
        await using var server = await RecordingServer.StartAsync();
        var phase = "503";
        var hung = 0;
        string? killedWith = null;
        HubProcess? hub = null;
        server.Handler = async (post, context) =>
        {
            switch (phase)
            {
                case "503" when server.Received.Count <= 4:
                    context.Response.Headers.RetryAfter = "1";
                    return 503;
                case "503" or "stall":
                    phase = "stall";
                    if (Interlocked.Increment(ref hung) <= 3)
                    {
                        // Longer than the sink's 1 s per attempt: the hub gives up on it.
                        await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                        return 200;
                    }

                    return 503;
                case "kill":
                    // Recorded, and the hub dies before it hears the answer, so it cannot mark the record sent.
                    phase = "record";
                    killedWith = post.IdempotencyKey;
                    hub!.Kill();
                    return 200;
                default:
                    return 200;
            }
        };

        var simulators = new List<SimulatorAgent>();
        var expected = new List<string>();
        try
        {
            hub = HubProcess.Start(_data, extraArgs: HttpSinkArgs(server.Url));
            await hub.WaitReadyAsync();
            var (httpPort, mqttPort) = (hub.HttpPort, hub.MqttPort);
            var adminToken = (await File.ReadAllTextAsync(Path.Combine(_data, "admin-token"))).Trim();
            using var admin = Client(hub.BaseAddress, adminToken);
            var staffToken = (await (await admin.PostAsJsonAsync("/api/v1/accounts", new CreateAccountRequest("tanaka", "staff")))
                .Content.ReadFromJsonAsync<CreatedAccount>())!.Token;
            var xrd = (await (await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-k1", "xrd-powder")))
                .Content.ReadFromJsonAsync<RegisteredInstrument>())!;
            var raw = (await (await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-k2", "xrd-powder")))
                .Content.ReadFromJsonAsync<RegisteredInstrument>())!;
            var simulator = SimulatorCatalog.Create("xrd-powder", new AgentOptions
            {
                BrokerHost = "127.0.0.1", BrokerPort = mqttPort, InstrumentId = "xrd-k1", Secret = xrd.Mqtt.Password,
                StateDirectory = Path.Combine(_data, "agents", "xrd-k1"),
                ReconnectDelay = TimeSpan.FromMilliseconds(200), ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            }, new SimulatorOptions { TimeScale = 2000, Seed = 3 }, NullLoggerFactory.Instance, TimeProvider.System);
            await simulator.StartAsync(CancellationToken.None);
            simulators.Add(simulator);

            // Records become final while the platform is answering 503 and stalling.
            using var staff = Client(hub.BaseAddress, staffToken);
            for (var i = 0; i < JobCount; i++)
            {
                var (status, job) = await PostAsync(staff, "/api/v1/jobs", XrdScan(instrument: "xrd-k1"));
                Assert.Equal(HttpStatusCode.Created, status);
                expected.Add((string)job!["id"]!);
            }

            await using (var agent = await RawAgent.ConnectAsync(mqttPort, "xrd-k2", raw.Mqtt.Password))
            {
                for (var i = 0; i < MeasurementCount; i++)
                {
                    await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement($"M-k{i}"));
                    await agent.WaitForAckAsync("measurement", $"M-k{i}");
                    expected.Add($"M-k{i}");
                }
            }

            await Eventually.TrueAsync(() => Volatile.Read(ref hung) >= 3, "the platform stalled three attempts", TimeSpan.FromSeconds(60));
            await server.StopAsync();
            await Eventually.TrueAsync(async () => (await FailingErrorsAsync(staff)).Any(e => e.Contains("refused", StringComparison.OrdinalIgnoreCase)),
                "the hub saw the connection refused", TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(async () => await CountAsync(staff) == expected.Count, "every record in the outbox", TimeSpan.FromSeconds(60));

            phase = "kill";
            await server.StartAgainAsync();
            await Eventually.TrueAsync(() => hub.HasExited, "the platform killed the hub on its first recorded POST", TimeSpan.FromSeconds(60));
            hub.Dispose();
            Assert.NotNull(killedWith);

            hub = HubProcess.Start(_data, httpPort, mqttPort, HttpSinkArgs(server.Url));
            await hub.WaitReadyAsync();
            using var after = Client(hub.BaseAddress, staffToken);
            await Eventually.TrueAsync(async () =>
            {
                var overview = await after.GetFromJsonAsync<FeedOverview>("/api/v1/feed?limit=1000", HubJson.Options);
                return overview!.Delivered == expected.Count;
            }, "every record delivered after the restart", TimeSpan.FromSeconds(120));

            var byKey = server.Recorded.GroupBy(p => p.IdempotencyKey!).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(expected.Order(), byKey.Keys.Order());
            Assert.All(byKey.Values, posts => Assert.Equal("Bearer feed-token", posts[0].Authorization));
            Assert.All(byKey, kv => Assert.Equal(kv.Key, (string?)kv.Value[0].Record!["id"]));
            var duplicates = server.Recorded.Count - byKey.Count;
            output.WriteLine($"{server.Received.Count} POSTs received, {server.Recorded.Count} recorded, {byKey.Count} records, "
                + $"{duplicates} duplicates before dedup (the hub was killed after sending {killedWith})");
            Assert.True(byKey[killedWith!].Count >= 2, $"{killedWith} was sent again after the kill");
            foreach (var job in expected.Where(id => id.StartsWith("J-", StringComparison.Ordinal)))
            {
                var record = byKey[job][^1].Record!;
                Assert.Equal("delivered", (string?)record["job"]!["state"]);
                Assert.Single(record["measurements"]!.AsArray());
            }
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }

            if (hub is not null)
            {
                output.WriteLine(hub.Output.Length > 6000 ? hub.Output[^6000..] : hub.Output);
                hub.Dispose();
            }
        }
    }

    [Fact]
    public async Task HubKilledWhileWritingToTheFolder_AfterRestartOneCopyOfEachRecordAndNoLeftovers()
    {
        const int Count = 12;
        var folder = Path.Combine(_data, "feed");
        string[] folderSink = ["--SmartLab:Feed:Sinks:0:Type=folder", "--SmartLab:Feed:Sinks:0:Name=archive", "--SmartLab:Feed:Sinks:0:Path=feed"];
        var files = new Dictionary<string, byte[]>();

        // First run without sinks: the records wait in the outbox.
        int httpPort, mqttPort;
        string adminToken;
        using (var first = HubProcess.Start(_data))
        {
            await first.WaitReadyAsync();
            (httpPort, mqttPort) = (first.HttpPort, first.MqttPort);
            adminToken = (await File.ReadAllTextAsync(Path.Combine(_data, "admin-token"))).Trim();
            using var admin = Client(first.BaseAddress, adminToken);
            var secret = (await (await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-d1", "xrd-powder")))
                .Content.ReadFromJsonAsync<RegisteredInstrument>())!.Mqtt.Password;
            await using var agent = await RawAgent.ConnectAsync(mqttPort, "xrd-d1", secret);
            for (var i = 0; i < Count; i++)
            {
                var id = $"M-d{i:D2}";
                var data = RandomNumberGenerator.GetBytes(3_000_000);
                files[id] = data;
                const int chunk = 256 * 1024;
                var chunks = (data.Length + chunk - 1) / chunk;
                for (var c = 0; c < chunks; c++)
                {
                    await agent.PublishRawAsync($"{agent.Prefix}/files/F-{id}/{c}/{chunks}", data.AsSpan(c * chunk, Math.Min(chunk, data.Length - (c * chunk))).ToArray());
                }

                await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement(id, new
                {
                    fileId = $"F-{id}", name = "frame.raw", mediaType = "application/octet-stream", size = data.Length,
                    sha256 = Convert.ToHexStringLower(SHA256.HashData(data)),
                }));
                await agent.WaitForAckAsync("file", $"F-{id}");
            }

            await Eventually.TrueAsync(async () => await CountAsync(admin) == Count, "every record in the outbox");
            first.Kill();
        }

        // Runs with the folder sink, each killed the moment a record starts being written; the kill signal can land
        // after that write finished, so this repeats (records delivered meanwhile stay delivered) until one lands mid-write.
        Directory.CreateDirectory(folder);
        var caughtMidWrite = false;
        for (var run = 0; run < 6 && !caughtMidWrite; run++)
        {
            var sawTemp = 0;
            using var killed = HubProcess.Start(_data, httpPort, mqttPort, folderSink);
            using (var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false })
            {
                watcher.Created += (_, e) =>
                {
                    if (e.Name?.StartsWith(".tmp-", StringComparison.Ordinal) == true && Interlocked.Exchange(ref sawTemp, 1) == 0)
                    {
                        killed.Kill();
                    }
                };
                watcher.EnableRaisingEvents = true;
                await Eventually.TrueAsync(() => killed.HasExited, "hub killed mid-delivery", TimeSpan.FromSeconds(60));
            }

            var atKill = Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).ToList();
            output.WriteLine($"run {run + 1}: at the kill the folder held {string.Join(", ", atKill)}");
            caughtMidWrite = atKill.Any(name => name!.StartsWith(".tmp-", StringComparison.Ordinal));
        }

        Assert.True(caughtMidWrite, "no kill landed while a record was being written");

        using var third = HubProcess.Start(_data, httpPort, mqttPort, folderSink);
        await third.WaitReadyAsync();
        using var client = Client(third.BaseAddress, adminToken);
        await Eventually.TrueAsync(async () =>
            (await client.GetFromJsonAsync<FeedOverview>("/api/v1/feed", HubJson.Options))!.Delivered == Count, "every record delivered", TimeSpan.FromSeconds(120));

        Assert.Equal(files.Keys.Order(), Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        foreach (var (id, data) in files)
        {
            var record = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, id, "record.json")))!;
            Assert.Equal(id, (string?)record["id"]);
            Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(folder, id, "files", id, "frame.raw")));
        }
    }

    static async Task<List<string>> FailingErrorsAsync(HttpClient client)
    {
        var overview = await client.GetFromJsonAsync<FeedOverview>("/api/v1/feed?limit=1000", HubJson.Options);
        return [.. overview!.Items.SelectMany(e => e.Sinks).Select(s => s.LastError).OfType<string>()];
    }

    static async Task<long> CountAsync(HttpClient client)
    {
        var overview = await client.GetFromJsonAsync<FeedOverview>("/api/v1/feed", HubJson.Options);
        return overview!.Pending + overview.Failing + overview.Delivered;
    }
}
