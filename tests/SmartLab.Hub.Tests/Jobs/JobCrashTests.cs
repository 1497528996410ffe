using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Simulators;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Nothing submitted is lost when the hub process is killed outright while jobs are queued and running.</summary>
public sealed class JobCrashTests : IDisposable
{
    readonly string _data = RepoPaths.NewTempDirectory("smartlab-jobcrash");

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

    [Fact]
    public async Task HubKilledWhileJobsQueuedAndRunning_AfterRestartEveryJobCompletesOnceOnOneInstrumentAtATime()
    {
        const int JobCount = 8;
        string[] instruments = ["xrd-c1", "xrd-c2"];
        var simulators = new List<SimulatorAgent>();
        var jobIds = new List<string>();
        string staffToken;
        int httpPort, mqttPort;
        try
        {
            using (var hub = HubProcess.Start(_data))
            {
                await hub.WaitReadyAsync();
                (httpPort, mqttPort) = (hub.HttpPort, hub.MqttPort);
                var adminToken = (await File.ReadAllTextAsync(Path.Combine(_data, "admin-token"))).Trim();
                using var admin = Client(hub.BaseAddress, adminToken);
                var created = await (await admin.PostAsJsonAsync("/api/v1/accounts", new CreateAccountRequest("tanaka", "staff")))
                    .Content.ReadFromJsonAsync<CreatedAccount>();
                staffToken = created!.Token;
                foreach (var id in instruments)
                {
                    var registered = await (await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest(id, "xrd-powder")))
                        .Content.ReadFromJsonAsync<RegisteredInstrument>();
                    var simulator = SimulatorCatalog.Create("xrd-powder", new AgentOptions
                    {
                        BrokerHost = "127.0.0.1",
                        BrokerPort = mqttPort,
                        InstrumentId = id,
                        Secret = registered!.Mqtt.Password,
                        StateDirectory = Path.Combine(_data, "agents", id),
                        ReconnectDelay = TimeSpan.FromMilliseconds(200),
                        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
                    }, new SimulatorOptions { TimeScale = 40, Seed = 3 }, NullLoggerFactory.Instance, TimeProvider.System);
                    await simulator.StartAsync(CancellationToken.None);
                    simulators.Add(simulator);
                }

                // Each scan is 80 s of instrument time, 2 s here: two run while the rest wait in the queue.
                using var staff = Client(hub.BaseAddress, staffToken);
                for (var i = 0; i < JobCount; i++)
                {
                    var (status, job) = await PostAsync(staff, "/api/v1/jobs", new
                    {
                        instrumentKind = "xrd-powder", method = "theta2theta",
                        parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
                    });
                    Assert.Equal(HttpStatusCode.Created, status);
                    jobIds.Add((string)job!["id"]!);
                }

                await Eventually.TrueAsync(async () =>
                {
                    var (_, page) = await GetAsync(staff, "/api/v1/jobs?state=running");
                    return page!["items"]!.AsArray().Count == 2;
                }, "two jobs running", TimeSpan.FromSeconds(60));
                hub.Kill();
            }

            using var restarted = HubProcess.Start(_data, httpPort, mqttPort);
            await restarted.WaitReadyAsync();
            using var client = Client(restarted.BaseAddress, staffToken);
            var final = new Dictionary<string, JsonNode>();
            await Eventually.TrueAsync(async () =>
            {
                foreach (var id in jobIds.Where(id => !final.ContainsKey(id)))
                {
                    var (status, job) = await GetAsync(client, $"/api/v1/jobs/{id}");
                    Assert.Equal(HttpStatusCode.OK, status); // nothing submitted is lost
                    Assert.NotEqual("failed", (string?)job!["state"]);
                    if ((string?)job["state"] == "delivered")
                    {
                        final[id] = job;
                    }
                }

                return final.Count == JobCount;
            }, "every job delivered after the restart", TimeSpan.FromSeconds(120));

            foreach (var (id, job) in final)
            {
                // One result per job, from the attempt that finished it, on the instrument that ran that attempt.
                var (_, stored) = await GetAsync(client, $"/api/v1/measurements?jobId={id}");
                var measurements = stored!["items"]!.AsArray();
                var single = Assert.Single(measurements);
                Assert.Equal((string?)job["measurementIds"]![0], (string?)single!["id"]);
                Assert.Equal((int?)job["attempt"], (int?)single["attempt"]);
                Assert.Equal((string?)job["instrument"], (string?)single["instrumentId"]);

                // Never on two instruments at once: every dispatch after the first follows the loss of the attempt before it.
                var states = StatesOf(job);
                for (var i = states.IndexOf("dispatched") + 1; i < states.Count; i++)
                {
                    if (states[i] == "dispatched")
                    {
                        Assert.Equal("queued", states[i - 1]);
                    }
                }
            }

            // Jobs that were running when the hub died carried on under their leases: none needed a second attempt.
            Assert.All(final.Values, job => Assert.Equal(1, (int?)job["attempt"]));
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }
}
