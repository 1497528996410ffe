using System.Net.Http.Headers;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Control;

/// <summary>Live telemetry to many browsers: a client that stops reading costs nobody else anything.</summary>
public sealed class LiveTelemetryTests
{
    [Fact]
    public async Task StalledSseClient_DoesNotDelayAnotherClientOrIngest()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("furnace-s", "tube-furnace");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "furnace-s", secret, profile: "tube-furnace");
        var token = await hub.CreateAccountAsync("tanaka", "staff");

        // The stalled client opens the stream and never reads a byte of it.
        using var stalledClient = hub.Client(token);
        using var stalledRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/instruments/furnace-s/telemetry");
        using var stalled = await stalledClient.SendAsync(stalledRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(stalled.IsSuccessStatusCode);

        using var liveClient = hub.Client(token);
        liveClient.Timeout = Timeout.InfiniteTimeSpan;
        using var liveResponse = await liveClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/instruments/furnace-s/telemetry"),
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await liveResponse.Content.ReadAsStreamAsync());
        var lastSeen = -1.0;
        var reading = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var value = System.Text.Json.Nodes.JsonNode.Parse(line[6..])!["values"]!["temperature"];
                    Volatile.Write(ref lastSeen, (double)value!);
                }
            }
        });

        // Enough readings to fill the stalled client's socket buffers (several MB on loopback) over and over.
        const int Count = 60_000;
        for (var i = 0; i < Count; i++)
        {
            await agent.PublishJsonAsync("telemetry", new
            {
                v = 1, seq = i, ts = RawAgent.Now(),
                values = new { temperature = 20.0 + i * 0.01, setpoint = 600.123456789, heaterPower = 12.3456789, gasFlow = 123.456789, doorClosed = true },
            }, qos: 0);
        }

        // The reading client gets the last reading; the hub accepted every reading.
        await Eventually.TrueAsync(() => Math.Abs(Volatile.Read(ref lastSeen) - (20.0 + (Count - 1) * 0.01)) < 1e-6,
            "the reading client got the last reading", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () =>
            (long?)(await GetAsync(liveClient, "/api/v1/instruments/furnace-s")).Body!["counters"]!["telemetryAccepted"] == Count,
            "every reading accepted", TimeSpan.FromSeconds(30));
        Assert.False(reading.IsFaulted);
    }
}
