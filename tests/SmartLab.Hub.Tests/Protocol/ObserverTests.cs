using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

/// <summary>Staff watch instruments read-only over MQTT with their API token; nobody else can.</summary>
public sealed class ObserverTests
{
    static async Task<(IMqttClient Client, MqttClientConnectResultCode Code)> ConnectAsync(int port, string clientId, string account, string token)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(RawAgent.Options(port, clientId, "account:" + account, token));
        return (client, result.ResultCode);
    }

    [Fact]
    public async Task StaffObserver_ReceivesTelemetry_CannotPublishOrWatchHubTopics()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-o");
        var staffToken = await hub.CreateAccountAsync("tanaka", "staff");
        var (observer, code) = await ConnectAsync(hub.MqttPort, "tanaka.dashboard", "tanaka", staffToken);
        using var _ = observer;
        Assert.Equal(MqttClientConnectResultCode.Success, code);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        observer.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            }

            return Task.CompletedTask;
        };
        var granted = await observer.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("smartlab/v1/instruments/+/telemetry", MqttQualityOfServiceLevel.AtMostOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, granted.Items.Single().ResultCode);
        foreach (var forbidden in new[] { "#", "smartlab/v1/instruments/xrd-o/commands", "smartlab/v1/instruments/+/acks", "smartlab/v1/instruments/xrd-o/files/#" })
        {
            var refused = await observer.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(forbidden).Build());
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, refused.Items.Single().ResultCode);
        }

        var publish = await observer.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("smartlab/v1/instruments/xrd-o/commands").WithPayload(Encoding.UTF8.GetBytes("{}"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, publish.ReasonCode);

        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-o", secret);
        await agent.PublishJsonAsync("telemetry", new { v = 1, seq = 0, ts = RawAgent.Now(), values = new { tubeVoltage = 40.0 } }, qos: 0);
        Assert.Contains("tubeVoltage", await received.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Observer_UserRoleWrongTokenOrInstrumentLikeClientId_Refused()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-p");
        var userToken = await hub.CreateAccountAsync("alice", "user");
        var staffToken = await hub.CreateAccountAsync("tanaka", "staff");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, (await ConnectAsync(hub.MqttPort, "alice.x", "alice", userToken)).Code);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, (await ConnectAsync(hub.MqttPort, "tanaka.x", "tanaka", userToken)).Code);
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, (await ConnectAsync(hub.MqttPort, "xrd-p", "tanaka", staffToken)).Code);
    }
}
