using SmartLab.Agent.Tests.Infrastructure;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;
using SmartLab.Simulators.Films;
using SmartLab.Simulators.Probe;

namespace SmartLab.Agent.Tests.Simulators;

public sealed class FourPointProbeSimulatorTests
{
    const string Probe = FourPointProbeSimulator.ProfileId;

    static async Task<MeasurementPayload> MeasurementOfAsync(SimulatorHarness h, ReceivedMessage done)
    {
        Assert.True(done.Str("state") == "succeeded", done.ToString());
        var id = done.Json.GetProperty("measurementIds")[0].GetString();
        return ProtocolJson.Deserialize<MeasurementPayload>(
            (await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id), m => m.Str("measurementId") == id)).Payload)!;
    }

    static double[] Numbers(MeasurementPayload m, string name) =>
        m.Data!.Value.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public async Task Run_Probe_BirthNamesProfileAndTelemetryHasItsChannels()
    {
        await using var h = await SimulatorHarness.StartAsync(Probe);

        var birth = ProtocolJson.Deserialize<StatePayload>((await h.Hub.WaitForTopicAsync(Topics.State(h.Id))).Payload)!;
        var values = (await h.Hub.WaitForTopicAsync(Topics.Telemetry(h.Id))).Json.GetProperty("values");

        Assert.Equal(new ProfileRef(Probe, "1.0.0"), birth.Profile);
        Assert.Equal(["probeDown", "sourceCurrent", "stageTemperature"], values.EnumerateObject().Select(p => p.Name).Order());
        Assert.InRange(values.GetProperty("stageTemperature").GetDouble(), 20, 25);
        Assert.False(values.GetProperty("probeDown").GetBoolean());
        Assert.Equal(0, values.GetProperty("sourceCurrent").GetDouble());
    }

    [Fact]
    public async Task SheetResistance_AnnealedFilm_ReadingsScatterAroundTheFilmModel()
    {
        var samples = new SimulatedSamples();
        var anneal = new FilmAnneal("S-1", 640, 640, 20, "N2", "furnace-01", "J-0", DateTimeOffset.UnixEpoch);
        samples.RecordAnneal(anneal);
        await using var h = await SimulatorHarness.StartAsync(Probe, configure: o => o.Samples = samples);

        var job = await h.StartJobAsync("sheetResistance", """{"current":1,"points":9}""");
        var m = await MeasurementOfAsync(h, await h.WaitForJobAsync(job, "succeeded", "failed"));

        var expected = FilmResponse.Expected(640, 20, "N2");
        var sheet = Numbers(m, "sheetResistance");
        var volts = Numbers(m, "voltage");
        var amps = Numbers(m, "current");
        Assert.Equal(9, sheet.Length);
        Assert.Equal([9], m.Descriptors!["voltage"].Shape);
        Assert.Equal(("Ohm/{sq}", "V", "A"), (m.Descriptors["sheetResistance"].Units, m.Descriptors["voltage"].Units, m.Descriptors["current"].Units));
        Assert.InRange(sheet.Average(), expected * 0.97, expected * 1.03); // readings scatter 1 %: the mean of 9 by 0.33 %
        Assert.All(sheet, r => Assert.InRange(r, expected * 0.94, expected * 1.06));
        Assert.True(sheet.Distinct().Count() > 1, "the readings carry no noise");
        Assert.All(amps, a => Assert.InRange(a, 0.999e-3, 1.001e-3));
        for (var i = 0; i < sheet.Length; i++)
        {
            // The thermoelectric offset cancels between the forward and reverse passes.
            Assert.Equal(FourPointProbeSimulator.GeometricFactor * volts[i] / amps[i], sheet[i], 2);
        }

        Assert.Equal("S-1", m.SampleId);
        Assert.Equal(job, m.JobId);
        Assert.StartsWith("SIM-four-point-probe-", m.Instrument!.Value.GetProperty("calibration").GetProperty("id").GetString());
        Assert.Equal("annealed", m.Instrument.Value.GetProperty("simulatedFilm").GetProperty("state").GetString());
        Assert.InRange(m.Conditions!.Value.GetProperty("stageTemperature").GetDouble(), 20, 25);
        Assert.Equal(9, m.Parameters!.Value.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task SheetResistance_FilmNeverAnnealed_ReadsAsDepositedAndSaysSo()
    {
        await using var h = await SimulatorHarness.StartAsync(Probe, configure: o => o.Samples = new SimulatedSamples());

        var job = await h.StartJobAsync("sheetResistance", "{}");
        var m = await MeasurementOfAsync(h, await h.WaitForJobAsync(job, "succeeded", "failed"));

        var sheet = Numbers(m, "sheetResistance");
        Assert.Equal(5, sheet.Length); // the profile's default
        Assert.InRange(sheet.Average(), FilmResponse.AsDepositedResistance * 0.97, FilmResponse.AsDepositedResistance * 1.03);
        Assert.All(Numbers(m, "current"), a => Assert.InRange(a, 0.999e-3, 1.001e-3)); // default 1 mA
        Assert.Equal("as-deposited", m.Instrument!.Value.GetProperty("simulatedFilm").GetProperty("state").GetString());
        await h.Hub.WaitForTopicAsync(Topics.Events(h.Id), e => e.Str("code") == "FILM_AS_DEPOSITED" && e.Str("jobId") == job);
    }

    [Fact]
    public async Task SheetResistance_JobWithoutSample_FailsNoFilmOnTheStage()
    {
        await using var h = await SimulatorHarness.StartAsync(Probe);

        await h.Hub.PublishRawAsync(Topics.Jobs(h.Id),
            """{"v":1,"type":"start","jobId":"J-NOSAMPLE","attempt":1,"method":"sheetResistance","parameters":{"current":1},"leaseSeconds":30}""");
        var failed = await h.WaitForJobAsync("J-NOSAMPLE", "failed", "succeeded");

        var error = failed.Json.GetProperty("error");
        Assert.Equal("NO_SAMPLE", error.GetProperty("code").GetString());
        Assert.StartsWith("no film on the stage", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"points":26}""", "above the maximum 25")]
    [InlineData("""{"points":0}""", "below the minimum 1")]
    [InlineData("""{"current":20}""", "above the maximum 10 mA")]
    public async Task SheetResistance_ParameterOutOfRange_FailsNamingTheLimit(string parameters, string limit)
    {
        await using var h = await SimulatorHarness.StartAsync(Probe);

        var job = await h.StartJobAsync("sheetResistance", parameters);
        var failed = await h.WaitForJobAsync(job, "failed", "succeeded");

        Assert.Equal("INVALID_PARAMETER", failed.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(limit, failed.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task EmergencyStop_DuringReadings_JobFailsProbeLiftedSourceOff()
    {
        // 25 readings take 220 simulated seconds: 22 s at this scale, plenty of time to stop it.
        await using var h = await SimulatorHarness.StartAsync(Probe, timeScale: 10);

        var job = await h.StartJobAsync("sheetResistance", """{"points":25}""");
        await h.Hub.WaitForTopicAsync(Topics.JobStatus(h.Id, job), m => m.Str("stage") == "measuring", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(true, h.Simulator.ReadTelemetryNow()["probeDown"]);
        var stop = await h.CommandAsync("emergencyStop");
        var failed = await h.WaitForJobAsync(job, "failed", "succeeded");

        Assert.Equal("completed", stop.Str("status"));
        Assert.Equal("EMERGENCY_STOP", failed.Json.GetProperty("error").GetProperty("code").GetString());
        var telemetry = h.Simulator.ReadTelemetryNow();
        Assert.Equal(false, telemetry["probeDown"]);
        Assert.Equal(0.0, telemetry["sourceCurrent"]);
    }

    [Fact]
    public async Task RaiseProbe_Idle_CompletesAndProbeIsUp()
    {
        await using var h = await SimulatorHarness.StartAsync(Probe);

        var reply = await h.CommandAsync("raiseProbe");

        Assert.Equal("completed", reply.Str("status"));
        Assert.False(reply.Json.GetProperty("result").GetProperty("probeDown").GetBoolean());
    }

    [Fact]
    public async Task AnnealThenProbe_SameSample_ProbeReadsTheFurnacesRecord()
    {
        var samples = new SimulatedSamples();
        await using var furnace = await SimulatorHarness.StartAsync("tube-furnace", configure: o => o.Samples = samples);
        await using var probe = await SimulatorHarness.StartAsync(Probe, configure: o => o.Samples = samples);

        var anneal = await furnace.StartJobAsync("anneal", """{"temperature":450,"rampRate":20,"dwell":90,"atmosphere":"air"}""");
        Assert.Equal("succeeded", (await furnace.WaitForJobAsync(anneal, "succeeded", "failed")).Str("state"));
        var record = samples.LatestAnneal("S-1");
        var job = await probe.StartJobAsync("sheetResistance", """{"points":5}""");
        var m = await MeasurementOfAsync(probe, await probe.WaitForJobAsync(job, "succeeded", "failed"));

        Assert.NotNull(record);
        Assert.Equal((450.0, 90.0, "air", anneal), (record.HoldTemperatureCelsius, record.DwellMinutes, record.Atmosphere, record.JobId));
        Assert.InRange(record.PeakTemperatureCelsius, 445, 452);
        var expected = FilmResponse.Expected(450, 90, "air");
        Assert.InRange(Numbers(m, "sheetResistance").Average(), expected * 0.97, expected * 1.03);
    }
}
