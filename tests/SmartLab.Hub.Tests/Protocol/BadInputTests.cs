using System.Net.Http.Json;
using System.Text;
using MQTTnet;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

/// <summary>Bad input is never stored, is answered with a diagnostic (or rejected ack), is counted, and disturbs nobody else.</summary>
public sealed class BadInputTests
{
    static byte[] Telemetry(int? seq, string values) => Encoding.UTF8.GetBytes(
        "{\"v\":1," + (seq is null ? "" : $"\"seq\":{seq},") + $"\"ts\":\"{RawAgent.Now()}\",\"values\":{values}}}");

    [Fact]
    public async Task BadTelemetry_RejectedWithDiagnosticAndCounted_OtherInstrumentUnaffected()
    {
        await using var hub = await TestHub.StartAsync();
        var badSecret = await hub.RegisterAsync("xrd-bad");
        var goodSecret = await hub.RegisterAsync("furnace-good", "tube-furnace");
        await using var bad = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-bad", badSecret);
        await using var good = await RawAgent.ConnectAsync(hub.MqttPort, "furnace-good", goodSecret, profile: "tube-furnace");

        var cases = new (string Code, byte[] Payload)[]
        {
            ("invalid_json", "{\"v\":1,\"seq\":"u8.ToArray()),
            ("invalid_payload", Telemetry(null, """{"tubeVoltage":40}""")),
            ("undeclared_channel", Telemetry(1, """{"flux":1}""")),
            ("wrong_type", Telemetry(2, """{"tubeVoltage":"high"}""")),
            ("above_maximum", Telemetry(3, """{"tubeVoltage":400}""")),
        };

        foreach (var (code, payload) in cases)
        {
            await bad.PublishRawAsync($"{bad.Prefix}/telemetry", payload, qos: 0);
            await good.PublishJsonAsync("telemetry", new { v = 1, seq = 0, ts = RawAgent.Now(), values = new { temperature = 25.0 } }, qos: 0);
            var diagnostic = await bad.WaitForAsync("diagnostics", d => (string?)d["code"] == code);
            Assert.Equal($"{bad.Prefix}/telemetry", (string?)diagnostic["topic"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)diagnostic["message"]));
        }

        using var admin = hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-bad"))!.Counters.TelemetryRejected == cases.Length,
            "every bad message counted");
        var badView = await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-bad");
        Assert.Equal(0, badView!.Counters.TelemetryAccepted);
        Assert.Null(badView.LastTelemetry);
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/furnace-good"))!.Counters.TelemetryAccepted == cases.Length,
            "the other instrument's telemetry all accepted");
    }

    [Fact]
    public async Task OutOfRangeMessage_NamesChannelLimitAndProfile()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-range");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-range", secret);

        await agent.PublishJsonAsync("telemetry", new { v = 1, seq = 0, ts = RawAgent.Now(), values = new { tubeVoltage = 75.0 } }, qos: 0);

        var diagnostic = await agent.WaitForAsync("diagnostics", _ => true);
        var message = (string)diagnostic["message"]!;
        Assert.Contains("tubeVoltage", message);
        Assert.Contains("75", message);
        Assert.Contains("60", message);
        Assert.Contains("xrd-powder@1.0.0", message);
    }

    [Fact]
    public async Task BadMeasurement_RejectedAckWithReason_NothingStored()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-m");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-m", secret);

        // A step below the method's minimum (missing metadata is stored, marked incomplete: see MeasurementRecordTests).
        var result = await agent.PublishJsonAsync("measurements", new
        {
            v = 1, measurementId = "M-step", method = "theta2theta", parameters = new { step = 0 },
            instrument = new { calibration = new { id = "CAL-1", date = "2026-11-01" } },
        });
        var ack = await agent.WaitForAckAsync("measurement", "M-step");
        Assert.Equal("rejected", (string?)ack["status"]);
        Assert.Equal("below_minimum", (string?)ack["error"]!["code"]);
        Assert.Contains("`step` = 0", (string?)ack["error"]!["message"]);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);

        var wrongMethod = await agent.PublishJsonAsync("measurements", new
        {
            v = 1, measurementId = "M-method", method = "sing",
            instrument = new { calibration = new { id = "CAL-1", date = "2026-11-01" } },
        });
        Assert.Equal("unknown_method", (string?)(await agent.WaitForAckAsync("measurement", "M-method"))["error"]!["code"]);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, wrongMethod.ReasonCode);

        using var admin = hub.AdminClient();
        Assert.Empty((await admin.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements"))!.Items);
        Assert.Equal(2, (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-m"))!.Counters.MeasurementsRejected);
    }

    [Fact]
    public async Task FileWithWrongChecksum_RejectedAck()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("sem-x", "sem");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "sem-x", secret, profile: "sem");

        await agent.PublishJsonAsync("measurements", new
        {
            v = 1, measurementId = "M-img", method = "acquireImage",
            files = new[] { new { fileId = "F-img", name = "image.png", mediaType = "image/png", size = 4, sha256 = new string('0', 64) } },
            instrument = new { calibration = new { id = "CAL-1", date = "2026-11-01" } },
        });
        await agent.WaitForAckAsync("measurement", "M-img");
        await agent.PublishRawAsync($"{agent.Prefix}/files/F-img/0/1", [1, 2, 3, 4]);

        var ack = await agent.WaitForAckAsync("file", "F-img");
        Assert.Equal("rejected", (string?)ack["status"]);
        Assert.Equal("checksum_mismatch", (string?)ack["error"]!["code"]);
    }

    [Fact]
    public async Task TelemetryWithOneBadReading_BadOneDroppedWithDiagnostic_OthersKept()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-mixed");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-mixed", secret);

        await agent.PublishJsonAsync("telemetry", new { v = 1, seq = 0, ts = RawAgent.Now(), values = new { tubeVoltage = 40.0, tubeCurrent = 99.0 } }, qos: 0);

        var diagnostic = await agent.WaitForAsync("diagnostics", _ => true);
        Assert.Equal("above_maximum", (string?)diagnostic["code"]);
        Assert.Contains("tubeCurrent", (string?)diagnostic["message"]);
        using var admin = hub.AdminClient();
        var view = await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-mixed");
        Assert.Equal(40.0, view!.LastTelemetry!.Values["tubeVoltage"].GetDouble());
        Assert.False(view.LastTelemetry.Values.ContainsKey("tubeCurrent"));
        Assert.Equal(1, view.Counters.TelemetryRejected);
    }

    [Fact]
    public async Task IntegerWrittenAsDecimal_RejectedNotRetried()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-dec");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-dec", secret);

        var result = await agent.PublishRawAsync($"{agent.Prefix}/events",
            Encoding.UTF8.GetBytes($$"""{"v":1,"ts":"{{RawAgent.Now()}}","severity":"info","code":"X","jobId":null,"extra":1}"""));
        Assert.True(result.IsSuccess, $"a valid event is accepted: {result.ReasonCode}");

        var measurement = await agent.PublishRawAsync($"{agent.Prefix}/measurements",
            Encoding.UTF8.GetBytes("""{"v":1,"measurementId":"M-dec","jobId":"J-1","attempt":1.0,"instrument":{"calibration":{"id":"C","date":"2026-11-01"}}}"""));
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, measurement.ReasonCode);
        Assert.Equal("rejected", (string?)(await agent.WaitForAckAsync("measurement", "M-dec"))["status"]);
    }

    [Fact]
    public async Task SameMeasurementIdFromAnotherInstrument_RejectedNotSilentlyDropped()
    {
        await using var hub = await TestHub.StartAsync();
        await using var a = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-ida", await hub.RegisterAsync("xrd-ida"));
        await using var b = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-idb", await hub.RegisterAsync("xrd-idb"));

        await a.PublishJsonAsync("measurements", PlainAgentTests.Measurement("RUN-0001"));
        Assert.Equal("stored", (string?)(await a.WaitForAckAsync("measurement", "RUN-0001"))["status"]);
        await b.PublishJsonAsync("measurements", PlainAgentTests.Measurement("RUN-0001"));

        var ack = await b.WaitForAckAsync("measurement", "RUN-0001");
        Assert.Equal("rejected", (string?)ack["status"]);
        Assert.Equal("duplicate_id", (string?)ack["error"]!["code"]);
    }

    [Fact]
    public async Task MeasurementParametersOutsideTheMethod_Rejected()
    {
        await using var hub = await TestHub.StartAsync();
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-par", await hub.RegisterAsync("xrd-par"));

        await agent.PublishJsonAsync("measurements", new
        {
            v = 1, measurementId = "M-par", method = "theta2theta",
            parameters = new { start = -999, stop = 80, step = 0.02, dwell = 0.5 },
            instrument = new { calibration = new { id = "CAL-1", date = "2026-11-01" } },
        });

        var ack = await agent.WaitForAckAsync("measurement", "M-par");
        Assert.Equal("below_minimum", (string?)ack["error"]!["code"]);
        Assert.Contains("start", (string?)ack["error"]!["message"]);
    }

    [Fact]
    public async Task FileAnnouncingAbsurdChunkCount_RejectedWithoutReservingMemory()
    {
        await using var hub = await TestHub.StartAsync();
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "sem-big", await hub.RegisterAsync("sem-big", "sem"), profile: "sem");

        await agent.PublishRawAsync($"{agent.Prefix}/files/F-huge/0/2000000000", [1]);

        var ack = await agent.WaitForAckAsync("file", "F-huge");
        Assert.Equal("too_many_chunks", (string?)ack["error"]!["code"]);
        Assert.Equal(0, hub.Service<SmartLab.Hub.Ingest.FileAssembler>().StagedBytes);
    }

    [Fact]
    public async Task UnusableInstrument_TelemetryAndMeasurementsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        // Registered as an XRD, the agent claims to be a furnace.
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-liar", await hub.RegisterAsync("xrd-liar"), profile: "tube-furnace");
        using var admin = hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-liar"))!.Status == "unusable", "unusable after birth");

        await agent.PublishJsonAsync("telemetry", new { v = 1, seq = 0, ts = RawAgent.Now(), values = new { temperature = 500.0 } }, qos: 0);

        Assert.Equal("instrument_unusable", (string?)(await agent.WaitForAsync("diagnostics", _ => true))["code"]);
        Assert.Null((await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-liar"))!.LastTelemetry);
    }

    [Fact]
    public async Task BirthWithLowerSession_AcceptedWithDiagnostic()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-reset");
        using var admin = hub.AdminClient();
        await using (await RawAgent.ConnectAsync(hub.MqttPort, "xrd-reset", secret, session: 5))
        {
            await Eventually.TrueAsync(async () =>
                (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-reset"))!.Session == 5, "session 5");
        }

        // The agent's state folder was lost: it starts counting at 1 again.
        await using var again = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-reset", secret, session: 1);

        Assert.Equal("session_regressed", (string?)(await again.WaitForAsync("diagnostics", _ => true))["code"]);
        await Eventually.TrueAsync(async () =>
        {
            var view = await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-reset");
            return view!.Online && view.Session == 1;
        }, "online with session 1");
    }
}
