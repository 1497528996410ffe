using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Measurements;

/// <summary>What a stored measurement record holds, and incomplete records: stored, flagged, findable, and the agent told.</summary>
public sealed class MeasurementRecordTests
{
    static readonly object Calibration = new { calibration = new { id = "CAL-2026-11", date = "2026-11-01" } };

    [Fact]
    public async Task Measurement_LackingRequiredMetadata_StoredIncompleteAndAgentTold()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-inc");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-inc", secret);

        await agent.PublishJsonAsync("measurements", new
        {
            v = 1, measurementId = "M-half", method = "theta2theta", instrument = new { calibration = new { id = "CAL-9" } },
        });
        Assert.Equal("stored", (string?)(await agent.WaitForAckAsync("measurement", "M-half"))["status"]);
        var diagnostic = await agent.WaitForAsync("diagnostics", d => (string?)d["code"] == "incomplete_metadata");
        Assert.Contains("instrument.calibration.date", (string)diagnostic["message"]!);
        Assert.Contains("M-half", (string)diagnostic["message"]!);
        Assert.DoesNotContain("instrument.calibration.id", (string)diagnostic["message"]!);

        await agent.PublishJsonAsync("measurements", new { v = 1, measurementId = "M-full", method = "theta2theta", instrument = Calibration });
        await agent.WaitForAckAsync("measurement", "M-full");

        using var admin = hub.AdminClient();
        var half = (await GetAsync(admin, "/api/v1/measurements/M-half")).Body!;
        Assert.False((bool)half["complete"]!);
        Assert.Equal(["instrument.calibration.date"], half["missing"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("CAL-9", (string?)half["metadata"]!["instrument.calibration.id"]);
        Assert.True((bool)(await GetAsync(admin, "/api/v1/measurements/M-full")).Body!["complete"]!);

        var incomplete = (await GetAsync(admin, "/api/v1/measurements?complete=false")).Body!["items"]!.AsArray();
        Assert.Equal(["M-half"], incomplete.Select(m => (string)m!["id"]!));
        var complete = (await GetAsync(admin, "/api/v1/measurements?complete=true")).Body!["items"]!.AsArray();
        Assert.Equal(["M-full"], complete.Select(m => (string)m!["id"]!));
    }

    [Fact]
    public async Task Measurement_Stored_RecordHoldsUnitsCalibrationAgentProvenanceAndHashes()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-rec");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-rec", secret);
        var sha = Convert.ToHexStringLower(SHA256.HashData("raw"u8));
        var document = JsonSerializer.SerializeToUtf8Bytes(new
        {
            v = 1, measurementId = "M-rec", method = "theta2theta", sampleId = "S-000001",
            startedAt = "2026-11-29T10:00:00.000Z", endedAt = "2026-11-29T10:30:00.000Z",
            parameters = new { start = 10, stop = 80, step = 0.02, dwell = 0.5 },
            conditions = new { enclosureTemperature = 23.5, stage = new { temperature = new { value = 298.2, units = "K" } }, atmosphere = "air" },
            derivedFrom = new[] { "M-raw-1", "M-raw-2" },
            files = new[] { new { fileId = "F-1", name = "scan.raw", size = 3, sha256 = sha } },
            instrument = Calibration,
        });
        await agent.PublishRawAsync($"{agent.Prefix}/measurements", document);
        await agent.WaitForAckAsync("measurement", "M-rec");

        using var admin = hub.AdminClient();
        var m = (await GetAsync(admin, "/api/v1/measurements/M-rec")).Body!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document)), (string?)m["documentSha256"]);
        Assert.Equal(sha, (string?)m["files"]![0]!["sha256"]);
        Assert.Equal(["M-raw-1", "M-raw-2"], m["derivedFrom"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("raw-test-agent", (string?)m["agentName"]);
        Assert.Equal("0.0.1", (string?)m["agentVersion"]);
        Assert.Equal("xrd-powder", (string?)m["profile"]);
        Assert.Equal("1.0.0", (string?)m["profileVersion"]);
        Assert.Equal("CAL-2026-11", (string?)m["calibration"]!["id"]);
        Assert.Equal("2026-11-01", (string?)m["calibration"]!["date"]);
        Assert.Equal("S-000001", (string?)m["sampleId"]);

        var parameters = ByName(m["parameters"]!);
        Assert.Equal((0.02, "deg"), ((double)parameters["step"]["value"]!, (string)parameters["step"]["units"]!));
        Assert.Equal((0.5, "s"), ((double)parameters["dwell"]["value"]!, (string)parameters["dwell"]["units"]!));
        Assert.Equal((40.0, "kV"), ((double)parameters["tubeVoltage"]["value"]!, (string)parameters["tubeVoltage"]["units"]!)); // the profile's default
        var conditions = ByName(m["conditions"]!);
        Assert.Equal("Cel", (string?)conditions["enclosureTemperature"]["units"]); // from the telemetry channel of that name
        Assert.Equal((298.2, "K"), ((double)conditions["stage.temperature"]["value"]!, (string)conditions["stage.temperature"]["units"]!));
        Assert.Equal("air", (string?)conditions["atmosphere"]["text"]);
    }

    [Fact]
    public async Task Measurement_MalformedDerivedFrom_Rejected()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-der");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-der", secret);

        await agent.PublishJsonAsync("measurements", new
        {
            v = 1, measurementId = "M-der", method = "theta2theta", instrument = Calibration, derivedFrom = new object[] { "ok", 5 },
        });

        var ack = await agent.WaitForAckAsync("measurement", "M-der");
        Assert.Equal("rejected", (string?)ack["status"]);
        Assert.Contains("derivedFrom", (string)ack["error"]!["message"]!);
        using var admin = hub.AdminClient();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(admin, "/api/v1/measurements/M-der")).Status);
    }

    static Dictionary<string, JsonNode> ByName(JsonNode list) =>
        list.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
}
