using System.Security.Cryptography;
using System.Text.Json;
using SmartLab.Agent.Tests.Infrastructure;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;
using SmartLab.Simulators;
using SmartLab.Simulators.Sem;

namespace SmartLab.Agent.Tests.Simulators;

public sealed class SimulatorAgentTests
{
    [Fact]
    public void Create_UnknownProfile_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => SimulatorCatalog.Create("mass-spec", new AgentOptions()));
        Assert.Contains("xrd-powder", ex.Message);
        Assert.Equal(["xrd-powder", "tube-furnace", "uv-vis", "sem", "four-point-probe"], SimulatorCatalog.ProfileIds);
    }

    [Theory]
    [InlineData("xrd-powder", new[] { "tubeVoltage", "tubeCurrent", "shutterOpen", "goniometerTwoTheta", "detectorCountRate", "enclosureTemperature" })]
    [InlineData("tube-furnace", new[] { "temperature", "setpoint", "heaterPower", "gasFlow", "doorClosed" })]
    [InlineData("uv-vis", new[] { "lampOn", "lampHours", "detectorTemperature", "wavelength" })]
    [InlineData("sem", new[] { "acceleratingVoltage", "beamCurrent", "chamberPressure", "workingDistance", "stageX", "stageY" })]
    public async Task Run_AnySimulator_BirthNamesProfileAndTelemetryHasItsChannels(string profileId, string[] channels)
    {
        await using var h = await SimulatorHarness.StartAsync(profileId);

        var birth = ProtocolJson.Deserialize<StatePayload>((await h.Hub.WaitForTopicAsync(Topics.State(h.Id))).Payload)!;
        Assert.Equal(new ProfileRef(profileId, "1.0.0"), birth.Profile);
        Assert.Equal("smartlab-sim", birth.Agent!.Name);

        var telemetry = ProtocolJson.Deserialize<TelemetryPayload>((await h.Hub.WaitForTopicAsync(Topics.Telemetry(h.Id))).Payload)!;
        Assert.Equal(channels.Order(), telemetry.Values.Keys.Order());
    }

    [Fact]
    public async Task Theta2Theta_SiliconScan_MeasurementPeaksAtBraggAngleWithCalibration()
    {
        await using var h = await SimulatorHarness.StartAsync("xrd-powder");
        h.Hub.AutoAck = true;

        var job = await h.StartJobAsync("theta2theta", """{"start":27,"stop":30,"step":0.01,"dwell":1}""");
        var done = await h.WaitForJobAsync(job, "succeeded", "failed");

        Assert.Equal("succeeded", done.Str("state"));
        var measurementId = done.Json.GetProperty("measurementIds")[0].GetString()!;
        var m = ProtocolJson.Deserialize<MeasurementPayload>((await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id))).Payload)!;
        Assert.Equal(measurementId, m.MeasurementId);
        Assert.Equal(job, m.JobId);
        Assert.Equal(1, m.Attempt);
        Assert.Equal("S-1", m.SampleId);
        Assert.Equal("deg", m.Descriptors!["twoTheta"].Units);
        Assert.Equal("{counts}", m.Descriptors["intensity"].Units);
        Assert.Equal([301], m.Descriptors["intensity"].Shape);
        Assert.Equal("number", m.Descriptors["intensity"].Dtype);
        var twoTheta = m.Data!.Value.GetProperty("twoTheta").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var intensity = m.Data!.Value.GetProperty("intensity").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.InRange(twoTheta[Array.IndexOf(intensity, intensity.Max())], 28.40, 28.48);
        var calibration = m.Instrument!.Value.GetProperty("calibration");
        Assert.StartsWith("SIM-xrd-powder-", calibration.GetProperty("id").GetString());
        Assert.True(DateOnly.TryParse(calibration.GetProperty("date").GetString(), out _));
        Assert.Equal(40, m.Conditions!.Value.GetProperty("tubeVoltage").GetDouble());
        await h.Simulator.WaitForAcknowledgedAsync(measurementId).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task XrdCommands_UnsafeRequests_Refused()
    {
        await using var h = await SimulatorHarness.StartAsync("xrd-powder");

        var overload = await h.CommandAsync("setTubePower", """{"voltage":60,"current":60}""");
        var ok = await h.CommandAsync("setTubePower", """{"voltage":40,"current":30}""");
        ((SmartLab.Simulators.Xrd.XrdSimulator)h.Simulator).SetDoorClosed(false);
        var doorOpen = await h.CommandAsync("openShutter");

        Assert.Equal("TUBE_OVERLOAD", overload.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("completed", ok.Str("status"));
        Assert.Equal("INTERLOCK_DOOR_OPEN", doorOpen.Json.GetProperty("error").GetProperty("code").GetString());
        var telemetry = h.Simulator.ReadTelemetryNow();
        Assert.Equal(40, (double)telemetry["tubeVoltage"]!, 0);
    }

    [Fact]
    public async Task EmergencyStop_DuringScan_JobFailsAndShutterCloses()
    {
        await using var h = await SimulatorHarness.StartAsync("xrd-powder", timeScale: 100);

        var job = await h.StartJobAsync("theta2theta", """{"start":10,"stop":80,"step":0.02,"dwell":0.5}""");
        await h.Hub.WaitForTopicAsync(Topics.JobStatus(h.Id, job), m => m.Str("stage") == "scanning", timeout: TimeSpan.FromSeconds(30));
        var stop = await h.CommandAsync("emergencyStop");
        var failed = await h.WaitForJobAsync(job, "failed", "succeeded", "aborted");

        Assert.Equal("completed", stop.Str("status"));
        Assert.Equal("EMERGENCY_STOP", failed.Json.GetProperty("error").GetProperty("code").GetString());
        await h.Hub.WaitForTopicAsync(Topics.Events(h.Id), m => m.Str("code") == "EMERGENCY_STOP" && m.Str("severity") == "alarm");
        Assert.Equal(false, h.Simulator.ReadTelemetryNow()["shutterOpen"]);
    }

    [Fact]
    public async Task Anneal_ShortRun_LogsRampDwellAndCooling()
    {
        await using var h = await SimulatorHarness.StartAsync("tube-furnace");

        var job = await h.StartJobAsync("anneal", """{"temperature":300,"rampRate":20,"dwell":10,"atmosphere":"N2"}""");
        var done = await h.WaitForJobAsync(job, "succeeded", "failed");

        Assert.Equal("succeeded", done.Str("state"));
        var m = ProtocolJson.Deserialize<MeasurementPayload>((await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id))).Payload)!;
        var time = m.Data!.Value.GetProperty("time").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var temperature = m.Data!.Value.GetProperty("temperature").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(time.Length, temperature.Length);
        Assert.True(time.Zip(time.Skip(1)).All(p => p.Second > p.First));
        Assert.InRange(temperature.Max(), 295, 302);
        Assert.True(temperature[^1] < 100);
        Assert.Equal("s", m.Descriptors!["time"].Units);
        Assert.Equal("Cel", m.Descriptors["temperature"].Units);
        Assert.Equal("N2", m.Conditions!.Value.GetProperty("atmosphere").GetString());
    }

    [Fact]
    public async Task SetGasFlow_FormingGasWithoutExhaust_Rejected()
    {
        await using var h = await SimulatorHarness.StartAsync("tube-furnace");
        ((SmartLab.Simulators.Furnace.TubeFurnaceSimulator)h.Simulator).SetExhaustRunning(false);

        var reply = await h.CommandAsync("setGasFlow", """{"flow":200,"gas":"forming-gas"}""");
        var badGas = await h.CommandAsync("setGasFlow", """{"flow":200,"gas":"H2"}""");

        Assert.Equal("EXHAUST_OFF", reply.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("INVALID_PARAMETER", badGas.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AbsorbanceScan_LampOff_IgnitesWarnsAndFindsTheBand()
    {
        // At the demo time scale the 20-minute lamp settling lasts 6 s, so the scan surely starts inside it.
        await using var h = await SimulatorHarness.StartAsync("uv-vis", timeScale: 200);

        var job = await h.StartJobAsync("absorbanceScan", """{"startWavelength":800,"stopWavelength":400,"interval":1,"scanSpeed":"fast"}""");
        var done = await h.WaitForJobAsync(job, "succeeded", "failed");

        Assert.Equal("succeeded", done.Str("state"));
        await h.Hub.WaitForTopicAsync(Topics.Events(h.Id), m => m.Str("code") == "LAMP_WARMING");
        var m = ProtocolJson.Deserialize<MeasurementPayload>((await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id))).Payload)!;
        var wavelength = m.Data!.Value.GetProperty("wavelength").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var absorbance = m.Data!.Value.GetProperty("absorbance").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(401, wavelength.Length);
        Assert.Equal(800, wavelength[0]);
        Assert.InRange(wavelength[Array.IndexOf(absorbance, absorbance.Max())], 655, 673);
        Assert.Equal("1", m.Descriptors!["absorbance"].Units);
        Assert.Equal(true, h.Simulator.ReadTelemetryNow()["lampOn"]);
    }

    [Fact]
    public async Task AcquireImage_Frame_SentAsPngFileWhoseChunksMatchTheAnnouncedHash()
    {
        await using var h = await SimulatorHarness.StartAsync("sem");
        h.Hub.AutoAck = true;

        var job = await h.StartJobAsync("acquireImage", """{"magnification":5000,"width":256,"dwell":2,"detector":"SE","acceleratingVoltage":10}""");
        var done = await h.WaitForJobAsync(job, "succeeded", "failed");

        Assert.Equal("succeeded", done.Str("state"));
        var m = ProtocolJson.Deserialize<MeasurementPayload>((await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id))).Payload)!;
        var file = Assert.Single(m.Files!);
        Assert.Equal("image/png", file.MediaType);
        var bytes = h.Hub.Reassemble(file.FileId)!;
        Assert.Equal(file.Size, bytes.Length);
        Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal([137, 80, 78, 71], bytes[..4]);
        Assert.Equal("nm", m.Descriptors!["pixelSize"].Units);
        Assert.Equal(127_000 / 5000.0 / 256 * 1000, m.Data!.Value.GetProperty("pixelSize").GetDouble(), 3);
        Assert.Equal("SE", m.Conditions!.Value.GetProperty("detector").GetString());
        Assert.True((await h.Simulator.WaitForAcknowledgedAsync(m.MeasurementId).WaitAsync(TimeSpan.FromSeconds(30))).Stored);
        Assert.Equal(0, h.Simulator.OutboxCount);
    }

    [Fact]
    public async Task MoveStage_WhileVenting_RefusedAndImagingNeedsVacuum()
    {
        await using var h = await SimulatorHarness.StartAsync("sem", timeScale: 10);
        var sem = (SemSimulator)h.Simulator;

        var vent = h.CommandAsync("vent");
        await Eventually.TrueAsync(() => sem.Vacuum == VacuumState.Venting, "venting to start");
        var move = await h.CommandAsync("moveStage", """{"x":1,"y":2}""");
        Assert.Equal("VENTING", move.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("completed", (await vent).Str("status"));

        var job = await h.StartJobAsync("acquireImage", """{"magnification":1000,"width":256}""");
        var failed = await h.WaitForJobAsync(job, "failed", "succeeded");
        Assert.Equal("VACUUM_NOT_READY", failed.Json.GetProperty("error").GetProperty("code").GetString());
        var beam = await h.CommandAsync("setAcceleratingVoltage", """{"voltage":15}""");
        Assert.Equal("VACUUM_NOT_READY", beam.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Telemetry_Xrd_ValuesWithinProfileRanges()
    {
        await using var h = await SimulatorHarness.StartAsync("xrd-powder");

        var values = (await h.Hub.WaitForTopicAsync(Topics.Telemetry(h.Id))).Json.GetProperty("values");

        Assert.InRange(values.GetProperty("tubeVoltage").GetDouble(), 0, 60);
        Assert.InRange(values.GetProperty("tubeCurrent").GetDouble(), 0, 60);
        Assert.InRange(values.GetProperty("goniometerTwoTheta").GetDouble(), -10, 160);
        Assert.InRange(values.GetProperty("detectorCountRate").GetDouble(), 0, 1e7);
        Assert.InRange(values.GetProperty("enclosureTemperature").GetDouble(), 0, 60);
        Assert.Equal(JsonValueKind.False, values.GetProperty("shutterOpen").ValueKind);
    }
}
