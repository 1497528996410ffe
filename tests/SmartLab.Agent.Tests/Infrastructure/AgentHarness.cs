using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Tests.Infrastructure;

/// <summary>A stand-in hub, a state directory and a test agent connected to it.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    AgentHarness(FakeHub hub, TempDirectory directory)
    {
        Hub = hub;
        Directory = directory;
    }

    public FakeHub Hub { get; }

    public TempDirectory Directory { get; }

    public TestAgent Agent { get; private set; } = null!;

    public string Id => Agent.InstrumentId;

    public static async Task<AgentHarness> StartAsync(Action<AgentOptions>? configure = null, TimeProvider? timeProvider = null, bool connect = true)
    {
        var harness = new AgentHarness(await FakeHub.StartAsync(), new TempDirectory());
        harness.Agent = harness.CreateAgent(configure, timeProvider);
        if (connect)
        {
            await harness.StartAgentAsync(harness.Agent);
        }

        return harness;
    }

    public TestAgent CreateAgent(Action<AgentOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = TestAgent.DefaultOptions(Hub, Directory.Path);
        configure?.Invoke(options);
        return new TestAgent(options, timeProvider);
    }

    /// <summary>Starts <paramref name="agent"/> and waits for its birth.</summary>
    public async Task StartAgentAsync(TestAgent agent)
    {
        Agent = agent;
        var after = Hub.LastIndex;
        await agent.StartAsync();
        await Hub.WaitForTopicAsync(Topics.State(agent.InstrumentId), m => m.Json.GetProperty("online").GetBoolean(), after);
        await Eventually.TrueAsync(() => agent.IsConnected, "the agent to be connected");
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Hub.DisposeAsync();
        Directory.Dispose();
    }
}
