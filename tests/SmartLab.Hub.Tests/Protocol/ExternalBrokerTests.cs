using System.Net.Http.Json;
using MQTTnet;
using MQTTnet.Exceptions;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

/// <summary>External-broker mode against a real Mosquitto using the repository's ACL.</summary>
public sealed class ExternalBrokerTests
{
    [Fact]
    public async Task ExternalMode_AgentOnMosquitto_MeasurementStoredAndAcked_ForgedTopicIgnored()
    {
        using var mosquitto = await MosquittoBroker.StartAsync(new Dictionary<string, string> { ["smartlab-hub"] = "hub-secret" });
        await using var hub = await TestHub.StartAsync(null,
            "--SmartLab:Mqtt:Mode=External",
            "--SmartLab:Mqtt:External:Host=127.0.0.1",
            $"--SmartLab:Mqtt:External:Port={mosquitto.Port}",
            "--SmartLab:Mqtt:External:Username=smartlab-hub",
            "--SmartLab:Mqtt:External:Password=hub-secret",
            $"--SmartLab:Mqtt:External:ClientId=smartlab-hub");

        using var admin = hub.AdminClient();
        Assert.True((await admin.GetAsync("/healthz/ready")).IsSuccessStatusCode);
        var secret = await hub.RegisterAsync("xrd-ext");
        await hub.RegisterAsync("xrd-victim");
        await mosquitto.AddUserAsync("xrd-ext", secret);

        RawAgent? agent = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                agent = await RawAgent.ConnectAsync(mosquitto.Port, "xrd-ext", secret, session: 4);
                return true;
            }
            catch (MqttCommunicationException)
            {
                return false; // Mosquitto is still reloading its password file.
            }
        }, "agent accepted by mosquitto after reload");
        await using var connected = agent!;

        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-ext"))!.Session == 4, "birth seen through mosquitto");

        await connected.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-ext"));
        Assert.Equal("stored", (string?)(await connected.WaitForAckAsync("measurement", "M-ext"))["status"]);

        // Mosquitto's ACL keeps an agent off another instrument's topics: the hub never sees the forged message.
        await connected.PublishRawAsync("smartlab/v1/instruments/xrd-victim/measurements",
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(PlainAgentTests.Measurement("M-forged")));
        await connected.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-after"));
        await connected.WaitForAckAsync("measurement", "M-after");

        var page = await admin.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements");
        Assert.Equal(["M-after", "M-ext"], page!.Items.Select(m => m.Id));
    }
}
