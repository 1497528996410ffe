using System.Text;
using MQTTnet.Protocol;
using SmartLab.Agent.Tests.Infrastructure;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Tests;

public sealed class SessionAndStateTests
{
    [Fact]
    public async Task RunAsync_FirstConnect_PublishesRetainedBirthAndSetsWill()
    {
        await using var h = await AgentHarness.StartAsync();

        var birth = await h.Hub.WaitForTopicAsync(Topics.State(h.Id));
        Assert.True(birth.Retain);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, birth.Qos);
        var state = ProtocolJson.Deserialize<StatePayload>(birth.Payload)!;
        Assert.True(state.Online);
        Assert.Equal(1, state.Session);
        Assert.Equal("idle", state.Status);
        Assert.Equal(new ProfileRef("test-profile", "1.0.0"), state.Profile);
        Assert.Equal(new AgentInfo("test-agent", "9.9.9"), state.Agent);
        Assert.NotNull(state.Ts);

        var connect = Assert.Single(h.Hub.Connects);
        Assert.Equal(h.Id, connect.ClientId);
        Assert.Equal(h.Id, connect.UserName);
        Assert.Equal(FakeHub.Secret, connect.Password);
        Assert.Equal(MQTTnet.Formatter.MqttProtocolVersion.V500, connect.ProtocolVersion);

        var retained = await h.Hub.GetRetainedAsync(Topics.State(h.Id));
        Assert.NotNull(retained);
    }

    [Fact]
    public async Task RunAsync_AgentRestarted_SessionCounterContinuesFromDisk()
    {
        await using var h = await AgentHarness.StartAsync();
        Assert.Equal(1, h.Agent.Session);

        var before = h.Hub.LastIndex;
        await h.Agent.DisposeAsync();
        var death = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), m => !m.Json.GetProperty("online").GetBoolean(), before);
        Assert.True(death.Retain);
        Assert.Equal(1, death.Json.GetProperty("session").GetInt64());

        await h.StartAgentAsync(h.CreateAgent());
        Assert.Equal(2, h.Agent.Session);
        Assert.Equal("2", File.ReadAllText(Path.Combine(h.Directory.Path, "session")).Trim());
    }

    [Fact]
    public async Task Reconnect_BrokerRestarted_NewSessionAndBirth()
    {
        await using var h = await AgentHarness.StartAsync();
        await h.Hub.StopServerAsync();
        await Eventually.TrueAsync(() => !h.Agent.IsConnected, "the agent to notice the broker is gone");
        var after = h.Hub.LastIndex;

        await h.Hub.StartServerAsync();
        var birth = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), m => m.Json.GetProperty("online").GetBoolean(), after);
        Assert.True(birth.Json.GetProperty("session").GetInt64() >= 2);
        await Eventually.TrueAsync(() => h.Agent.IsConnected, "reconnect");
    }

    [Fact]
    public async Task Disconnect_ByBroker_WillCarriesTheOldSessionAndBirthTheNewOne()
    {
        await using var h = await AgentHarness.StartAsync();
        var after = h.Hub.LastIndex;

        await h.Hub.DisconnectClientAsync(h.Id);

        var will = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), m => !m.Json.GetProperty("online").GetBoolean(), after);
        Assert.True(will.Retain);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, will.Qos);
        var death = ProtocolJson.Deserialize<StatePayload>(will.Payload)!;
        Assert.Equal(1, death.Session);
        Assert.Null(death.Status);

        var birth = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), m => m.Json.GetProperty("online").GetBoolean(), after);
        Assert.Equal(2, birth.Json.GetProperty("session").GetInt64());
    }

    [Fact]
    public async Task SetStatusAsync_Changed_RepublishesStateInSameSession()
    {
        await using var h = await AgentHarness.StartAsync();
        var after = h.Hub.LastIndex;

        await h.Agent.SetStatusAsync(InstrumentStatus.Maintenance);

        var state = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), m => m.Str("status") == "maintenance", after);
        Assert.True(state.Retain);
        Assert.Equal(1, state.Json.GetProperty("session").GetInt64());
        Assert.True(state.Json.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Rebirth_Requested_RepublishesState()
    {
        await using var h = await AgentHarness.StartAsync();
        var after = h.Hub.LastIndex;

        await h.Hub.PublishJsonAsync(Topics.Rebirth(h.Id), new RebirthPayload());

        var state = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), after: after);
        Assert.Equal(1, state.Json.GetProperty("session").GetInt64());
    }

    [Fact]
    public async Task HubState_OnlineAfterOffline_RepublishesState()
    {
        await using var h = await AgentHarness.StartAsync();
        await h.Hub.PublishJsonAsync(Topics.HubState, new HubStatePayload { Online = false }, retain: true);
        var after = h.Hub.LastIndex;

        // Stays quiet while the hub is away (no republish on offline).
        await h.Hub.PublishJsonAsync(Topics.HubState, new HubStatePayload { Online = true, Ts = TimeProvider.System.GetUtcNow() }, retain: true);

        var state = await h.Hub.WaitForTopicAsync(Topics.State(h.Id), after: after);
        Assert.True(state.Json.GetProperty("online").GetBoolean());
        Assert.Equal(1, state.Json.GetProperty("session").GetInt64());
    }

    [Fact]
    public async Task RunAsync_Mqtt311_ConnectsWithWillAndBirth()
    {
        await using var h = await AgentHarness.StartAsync(o => o.Protocol = MqttProtocol.Mqtt311);

        var birth = await h.Hub.WaitForTopicAsync(Topics.State(h.Id));
        Assert.True(birth.Retain);
        Assert.Equal(1, birth.Json.GetProperty("session").GetInt64());
        Assert.Equal(MQTTnet.Formatter.MqttProtocolVersion.V311, h.Hub.Connects[0].ProtocolVersion);
    }

    [Fact]
    public async Task PublishTelemetryAsync_SeveralMessages_SequenceIncreasesAndRestartsPerSession()
    {
        await using var h = await AgentHarness.StartAsync();
        var values = new Dictionary<string, object?> { ["temperature"] = 21.5, ["doorClosed"] = true, ["mode"] = "auto", ["skipped"] = null };

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await h.Agent.PublishTelemetryAsync(values));
        }

        var telemetry = (await WaitForTelemetryAsync(h, 3)).Select(m => ProtocolJson.Deserialize<TelemetryPayload>(m.Payload)!).ToList();
        Assert.Equal([0L, 1L, 2L], telemetry.Select(t => t.Seq));
        Assert.Equal(21.5, telemetry[0].Values["temperature"].GetDouble());
        Assert.True(telemetry[0].Values["doorClosed"].GetBoolean());
        Assert.False(telemetry[0].Values.ContainsKey("skipped"));
        Assert.All(h.Hub.Messages.Where(m => m.Topic == Topics.Telemetry(h.Id)), m => Assert.Equal(MqttQualityOfServiceLevel.AtMostOnce, m.Qos));

        var after = h.Hub.LastIndex;
        await h.Hub.DisconnectClientAsync(h.Id);
        await h.Hub.WaitForTopicAsync(Topics.State(h.Id), m => m.Json.GetProperty("online").GetBoolean(), after);
        await Eventually.TrueAsync(() => h.Agent.IsConnected && h.Agent.Session == 2, "the second session");
        Assert.True(await h.Agent.PublishTelemetryAsync(values));
        var first = await h.Hub.WaitForTopicAsync(Topics.Telemetry(h.Id), after: after);
        Assert.Equal(0, first.Json.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task PublishTelemetryAsync_NotConnected_ReturnsFalse()
    {
        await using var h = await AgentHarness.StartAsync(connect: false);

        Assert.False(await h.Agent.PublishTelemetryAsync(new Dictionary<string, object?> { ["x"] = 1.0 }));
    }

    [Fact]
    public async Task Constructor_StateDirectoryInUse_Throws()
    {
        await using var h = await AgentHarness.StartAsync(connect: false);

        var ex = Assert.Throws<InvalidOperationException>(() => h.CreateAgent());

        Assert.Contains("in use by another agent", ex.Message);
    }

    [Fact]
    public void Validate_BadOptions_ListsEveryProblem()
    {
        var options = new AgentOptions { InstrumentId = "XRD 01", BrokerPort = 0, FileChunkBytes = 1_000_000 };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("InstrumentId 'XRD 01'", ex.Message);
        Assert.Contains("BrokerPort 0", ex.Message);
        Assert.Contains("Secret is empty", ex.Message);
        Assert.Contains("ProfileId is empty", ex.Message);
        Assert.Contains("FileChunkBytes 1000000", ex.Message);
    }

    static async Task<IReadOnlyList<ReceivedMessage>> WaitForTelemetryAsync(AgentHarness h, int count)
    {
        await Eventually.TrueAsync(() => h.Hub.Messages.Count(m => m.Topic == Topics.Telemetry(h.Id)) >= count, $"{count} telemetry messages");
        return [.. h.Hub.Messages.Where(m => m.Topic == Topics.Telemetry(h.Id)).OrderBy(m => m.Index)];
    }
}
