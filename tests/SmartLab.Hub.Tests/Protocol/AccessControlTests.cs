using System.Net.Http.Json;
using MQTTnet;
using MQTTnet.Protocol;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

public sealed class AccessControlTests
{
    static async Task<MqttClientConnectResultCode> TryConnectAsync(int port, string clientId, string? user, string? password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(RawAgent.Options(port, clientId, user, password));
        return result.ResultCode;
    }

    [Fact]
    public async Task Connect_WrongMissingOrForeignCredentials_Refused()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-a");
        var otherSecret = await hub.RegisterAsync("xrd-b");

        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(hub.MqttPort, "xrd-a", "xrd-a", secret));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(hub.MqttPort, "xrd-a", "xrd-a", "wrong"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(hub.MqttPort, "xrd-a", null, null));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(hub.MqttPort, "xrd-a", "xrd-a", otherSecret));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(hub.MqttPort, "ghost", "ghost", secret));
        // Valid credentials of xrd-b, but presenting xrd-a's client id.
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await TryConnectAsync(hub.MqttPort, "xrd-a", "xrd-b", otherSecret));
    }

    [Fact]
    public async Task RotatedCredentials_OldSecretRefused_NewAccepted()
    {
        await using var hub = await TestHub.StartAsync();
        var old = await hub.RegisterAsync("xrd-r");
        using var admin = hub.AdminClient();

        var response = await admin.PostAsync("/api/v1/instruments/xrd-r/credentials", null);
        response.EnsureSuccessStatusCode();
        var rotated = (await response.Content.ReadFromJsonAsync<RegisteredInstrument>())!.Mqtt.Password;

        Assert.NotEqual(old, rotated);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(hub.MqttPort, "xrd-r", "xrd-r", old));
        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(hub.MqttPort, "xrd-r", "xrd-r", rotated));
    }

    [Fact]
    public async Task Agent_PublishUnderAnotherId_NotAuthorizedAndNotStored()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-a");
        await hub.RegisterAsync("xrd-b");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-a", secret);

        var result = await agent.PublishRawAsync("smartlab/v1/instruments/xrd-b/measurements",
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(PlainAgentTests.Measurement("M-forged")));
        var hubTopic = await agent.PublishRawAsync("smartlab/v1/instruments/xrd-a/acks", "{}"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, hubTopic.ReasonCode);
        using var admin = hub.AdminClient();
        var page = await admin.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements");
        Assert.Empty(page!.Items);
    }

    [Fact]
    public async Task Agent_SubscribeToEverythingOrOthersTopics_Refused_OwnHubTopicsAllowed()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-a");
        await hub.RegisterAsync("xrd-b");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-a", secret);

        foreach (var filter in new[] { "#", "smartlab/v1/#", "smartlab/v1/instruments/+/commands", "smartlab/v1/instruments/xrd-b/acks",
                     "smartlab/v1/instruments/xrd-a/telemetry", "smartlab/v1/instruments/xrd-a/#" })
        {
            var refused = await agent.SubscribeAsync(filter);
            Assert.True(refused.Items.Single().ResultCode == MqttClientSubscribeResultCode.NotAuthorized, $"{filter} should be refused");
        }

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, (await agent.SubscribeAsync("smartlab/v1/instruments/xrd-a/commands")).Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, (await agent.SubscribeAsync("smartlab/v1/hub/state")).Items.Single().ResultCode);
    }

    [Fact]
    public async Task OversizedPacket_ConnectionClosedBeforeItIsRead()
    {
        await using var hub = await TestHub.StartAsync(null, "--SmartLab:Mqtt:MaxJsonBytes=65536", "--SmartLab:Mqtt:MaxChunkBytes=65536");
        var secret = await hub.RegisterAsync("xrd-big");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-big", secret);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await agent.PublishRawAsync($"{agent.Prefix}/events", new byte[4 * 1024 * 1024]);
        });
        await Eventually.TrueAsync(() => !agent.IsConnected, "connection closed after an oversized packet");
    }
}
