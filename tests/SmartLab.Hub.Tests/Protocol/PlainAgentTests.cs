using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

/// <summary>An agent written with a plain MQTT client, following the protocol alone, against the real hub.</summary>
public sealed class PlainAgentTests
{
    internal static object Measurement(string measurementId, params object[] files) => new
    {
        v = 1,
        measurementId,
        method = "theta2theta",
        sampleId = "S-000045",
        startedAt = RawAgent.Now(),
        endedAt = RawAgent.Now(),
        parameters = new { start = 10, stop = 80, step = 0.02, dwell = 0.5 },
        conditions = new { temperature = 298.2 },
        descriptors = new
        {
            twoTheta = new { dtype = "number", shape = new[] { 3 }, units = "deg" },
            intensity = new { dtype = "number", shape = new[] { 3 }, units = "{counts}" },
        },
        data = new { twoTheta = new[] { 10.0, 10.02, 10.04 }, intensity = new[] { 112, 118, 121 } },
        files,
        instrument = new { calibration = new { id = "CAL-2026-11", date = "2026-11-01" } },
    };

    [Fact]
    public async Task PlainAgent_JoinsStreamsAndStoresMeasurementWithFile_AcksAndApiShowIt()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-01");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-01", secret, session: 1);

        using var admin = hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-01"))!.Status == "idle", "birth recorded");

        for (var seq = 0; seq < 5; seq++)
        {
            await agent.PublishJsonAsync("telemetry", new
            {
                v = 1, seq, ts = RawAgent.Now(),
                values = new { tubeVoltage = 40.0, tubeCurrent = 30.0 + seq, shutterOpen = false },
            }, qos: 0);
        }

        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-01"))!.Counters.TelemetryAccepted == 5, "5 telemetry accepted");

        // A file of three chunks, sent before the measurement that lists it.
        var file = RandomNumberGenerator.GetBytes(600_000);
        const int chunk = 256 * 1024;
        var count = (file.Length + chunk - 1) / chunk;
        for (var i = count - 1; i >= 0; i--)
        {
            var part = file.AsSpan(i * chunk, Math.Min(chunk, file.Length - i * chunk)).ToArray();
            await agent.PublishRawAsync($"{agent.Prefix}/files/F-001/{i}/{count}", part);
        }

        var publish = await agent.PublishJsonAsync("measurements", Measurement("M-001", new
        {
            fileId = "F-001", name = "scan.raw", mediaType = "application/octet-stream",
            size = file.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(file)),
        }));
        Assert.True(publish.IsSuccess, $"PUBACK {publish.ReasonCode}");

        Assert.Equal("stored", (string?)(await agent.WaitForAckAsync("measurement", "M-001"))["status"]);
        Assert.Equal("stored", (string?)(await agent.WaitForAckAsync("file", "F-001"))["status"]);

        var page = await admin.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements?instrumentId=xrd-01");
        var listed = Assert.Single(page!.Items);
        Assert.Equal("M-001", listed.Id);
        Assert.True(listed.Files.Single().Stored);

        var full = await admin.GetFromJsonAsync<JsonObject>("/api/v1/measurements/M-001");
        Assert.Equal("CAL-2026-11", (string?)full!["document"]!["instrument"]!["calibration"]!["id"]);
        Assert.Equal(file, await admin.GetByteArrayAsync("/api/v1/measurements/M-001/files/F-001"));

        var csv = await admin.GetStringAsync("/api/v1/measurements/M-001/export?format=csv");
        Assert.Contains("twoTheta [deg],intensity [{counts}]", csv);
        Assert.Contains("10.02,118", csv);
    }

    [Fact]
    public async Task SameMeasurementIdTwice_StoredOnceAndAckedBothTimes()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-02");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-02", secret);

        await agent.PublishJsonAsync("measurements", Measurement("M-dup"));
        await agent.WaitForAckAsync("measurement", "M-dup");
        var second = await agent.PublishJsonAsync("measurements", Measurement("M-dup"));

        Assert.True(second.IsSuccess);
        using var admin = hub.AdminClient();
        var page = await admin.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements?instrumentId=xrd-02");
        Assert.Single(page!.Items);
        var instrument = await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-02");
        Assert.Equal(1, instrument!.Counters.MeasurementsStored);
    }

    [Fact]
    public async Task StaleWill_OfEarlierSession_DoesNotMarkLiveInstrumentOffline()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-03");
        using var admin = hub.AdminClient();

        await using (var first = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-03", secret, session: 7))
        {
            await Eventually.TrueAsync(async () =>
                (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-03"))!.Session == 7, "session 7 born");
        }

        await using var second = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-03", secret, session: 8, status: "busy");
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-03"))!.Session == 8, "session 8 born");

        // The late will of session 7 arrives after session 8's birth, exactly as a broker would deliver it.
        var late = await second.PublishJsonAsync("state", new { v = 1, online = false, session = 7 }, retain: true);
        Assert.True(late.IsSuccess);

        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-03"))!.Counters.StaleWillsIgnored == 1, "stale will counted");
        var view = await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-03");
        Assert.True(view!.Online);
        Assert.Equal("busy", view.Status);

        // The will of the current session does mark it offline.
        await second.PublishJsonAsync("state", new { v = 1, online = false, session = 8 }, retain: true);
        await Eventually.TrueAsync(async () =>
            !(await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-03"))!.Online, "current will marks offline");
    }

    [Fact]
    public async Task AgentDroppingItsConnection_WillMarksItOffline()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-04");
        using var admin = hub.AdminClient();
        var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-04", secret, session: 3);
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-04"))!.Online, "online after birth");

        // Stopping the hub-side connection without DISCONNECT makes the broker publish the will.
        await hub.Service<SmartLab.Messaging.Mqtt.Transport.EmbeddedBroker>().DisconnectClientAsync("xrd-04");
        await Eventually.TrueAsync(async () =>
            !(await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-04"))!.Online, "offline after will");
        await agent.DisposeAsync();
    }
}
