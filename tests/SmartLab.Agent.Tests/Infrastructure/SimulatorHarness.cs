using SmartLab.Contracts.Protocol;
using SmartLab.Simulators;

namespace SmartLab.Agent.Tests.Infrastructure;

/// <summary>A stand-in hub and one simulator from <see cref="SimulatorCatalog"/>, connected.</summary>
public sealed class SimulatorHarness : IAsyncDisposable
{
    int _jobs;

    SimulatorHarness(FakeHub hub, TempDirectory directory, SimulatorAgent simulator)
    {
        Hub = hub;
        Directory = directory;
        Simulator = simulator;
    }

    public FakeHub Hub { get; }

    public TempDirectory Directory { get; }

    public SimulatorAgent Simulator { get; }

    public string Id => Simulator.InstrumentId;

    public static async Task<SimulatorHarness> StartAsync(string profileId, double timeScale = 1e5, Action<SimulatorOptions>? configure = null)
    {
        var hub = await FakeHub.StartAsync();
        var directory = new TempDirectory();
        var options = new AgentOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = hub.Port,
            InstrumentId = profileId + "-sim-01",
            Secret = FakeHub.Secret,
            StateDirectory = directory.Path,
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
        };
        var simulatorOptions = new SimulatorOptions { TimeScale = timeScale, TelemetryInterval = TimeSpan.FromMilliseconds(100), Seed = 11 };
        configure?.Invoke(simulatorOptions);
        var simulator = SimulatorCatalog.Create(profileId, options, simulatorOptions);
        var harness = new SimulatorHarness(hub, directory, simulator);
        await simulator.StartAsync();
        await hub.WaitForTopicAsync(Topics.State(simulator.InstrumentId), m => m.Json.GetProperty("online").GetBoolean());
        await Eventually.TrueAsync(() => simulator.IsConnected, "the simulator to connect");
        return harness;
    }

    public async Task<ReceivedMessage> CommandAsync(string name, string parametersJson = "{}")
    {
        var id = "CMD-" + Guid.NewGuid().ToString("N");
        await Hub.PublishRawAsync(Topics.Commands(Id),
            $$"""{"v":1,"commandId":"{{id}}","name":"{{name}}","parameters":{{parametersJson}},"issuedBy":"staff:test","replyTo":"{{Topics.Replies(Id)}}"}""");
        return await Hub.WaitForTopicAsync(Topics.Replies(Id), m => m.Str("commandId") == id, timeout: TimeSpan.FromSeconds(60));
    }

    public async Task<string> StartJobAsync(string method, string parametersJson)
    {
        var jobId = $"J-{Interlocked.Increment(ref _jobs):D6}";
        await Hub.PublishRawAsync(Topics.Jobs(Id),
            $$"""{"v":1,"type":"start","jobId":"{{jobId}}","attempt":1,"method":"{{method}}","parameters":{{parametersJson}},"sample":{"id":"S-1","name":"test"},"leaseSeconds":30}""");
        return jobId;
    }

    public Task<ReceivedMessage> WaitForJobAsync(string jobId, params string[] states) =>
        Hub.WaitForTopicAsync(Topics.JobStatus(Id, jobId), m => states.Contains(m.Str("state")), timeout: TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Hub.DisposeAsync();
        Directory.Dispose();
    }
}
