using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Simulators;
using SmartLab.Simulators.Films;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>
/// The closed-loop chain through the real hub: a furnace anneals a film sample, the four-point probe measures the same
/// sample, and the reading follows the simulated film's response surface.
/// </summary>
public sealed class FilmChainTests
{
    [Fact]
    public async Task AnnealThenProbe_SameSample_SheetResistanceWithinNoiseOfTheFilmModel()
    {
        await using var hub = await TestHub.StartAsync();
        var samples = new SimulatedSamples(); // this test's films only: other hubs in this process number samples alike
        await using var furnace = await StartFilmSimulatorAsync(hub, "furnace-01", "tube-furnace", samples);
        await using var probe = await StartFilmSimulatorAsync(hub, "probe-01", "four-point-probe", samples);
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var sampleId = await NewReceivedFilmAsync(staff, staff);

        var anneal = await SucceedAsync(staff, new
        {
            instrument = "furnace-01", method = "anneal", sampleId,
            parameters = new { temperature = 520, rampRate = 20, dwell = 30, atmosphere = "N2" },
        });
        var measured = await SucceedAsync(staff, new { instrumentKind = "four-point-probe", method = "sheetResistance", sampleId, parameters = new { current = 1 } });

        var record = samples.LatestAnneal(sampleId);
        Assert.NotNull(record);
        Assert.Equal(((string)anneal["id"]!, "furnace-01", 30.0), (record.JobId, record.InstrumentId, record.DwellMinutes));
        Assert.InRange(record.PeakTemperatureCelsius, 515, 522);
        var document = await MeasurementDocumentAsync(staff, measured);
        var sheet = document.GetProperty("data").GetProperty("sheetResistance").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(5, sheet.Length);
        var expected = FilmResponse.Expected(520, 30, "N2");
        Assert.InRange(sheet.Average(), expected * 0.97, expected * 1.03); // 1 % per reading, 5 readings
        Assert.Equal(sampleId, document.GetProperty("sampleId").GetString());
        Assert.Equal("Ohm/{sq}", document.GetProperty("descriptors").GetProperty("sheetResistance").GetProperty("units").GetString());
    }

    [Fact]
    public async Task Demo_LoopAccount_AnnealAndProbeRunWithoutReview_ProbeNearTheOptimumReadsTheMinimum()
    {
        await using var hub = await TestHub.StartAsync(null, "--SmartLab:Demo=true", "--SmartLab:DemoTimeScale=5000");
        using var admin = hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/probe-01", JobKit.Json))!.Online, "probe-01 online");
        var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(hub.DataDirectory, "demo-tokens.json")))!;
        using var loop = hub.Client(tokens["loop"]);
        using var staff = hub.Client(tokens["staff"]);
        var sampleId = await NewReceivedFilmAsync(loop, staff);

        await SucceedAsync(loop, new
        {
            instrumentKind = "tube-furnace", method = "anneal", sampleId,
            parameters = new { temperature = FilmResponse.OptimumTemperature, rampRate = 20, dwell = FilmResponse.OptimumDwell, atmosphere = "N2" },
        });
        var measured = await SucceedAsync(loop, new { instrumentKind = "four-point-probe", method = "sheetResistance", sampleId, parameters = new { points = 9 } });

        Assert.Contains(measured["history"]!.AsArray(), h => (string?)h!["reason"] == "within the instrument's automation policy");
        var document = await MeasurementDocumentAsync(loop, measured);
        var mean = document.GetProperty("data").GetProperty("sheetResistance").EnumerateArray().Average(e => e.GetDouble());
        Assert.InRange(mean, FilmResponse.MinimumResistance * 0.97, FilmResponse.MinimumResistance * 1.03);
    }

    /// <summary>Like <see cref="JobKit.StartSimulatorAsync"/>, with the simulators' film record given.</summary>
    static async Task<SimulatorAgent> StartFilmSimulatorAsync(TestHub hub, string id, string profile, SimulatedSamples samples)
    {
        var secret = await hub.RegisterAsync(id, profile);
        var simulator = SimulatorCatalog.Create(profile, new AgentOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = hub.MqttPort,
            InstrumentId = id,
            Secret = secret,
            StateDirectory = Path.Combine(hub.DataDirectory, "agents", id),
        }, new SimulatorOptions { TimeScale = 5000, Seed = 7, Samples = samples }, NullLoggerFactory.Instance, TimeProvider.System);
        await simulator.StartAsync(CancellationToken.None);
        using var admin = hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>($"/api/v1/instruments/{id}", JobKit.Json))!.Online, $"{id} online");
        return simulator;
    }

    static async Task<string> NewReceivedFilmAsync(HttpClient owner, HttpClient staff)
    {
        var (status, sample) = await PostAsync(owner, "/api/v1/samples", new { name = "ITO film #1", composition = "In2O3:Sn" });
        Assert.True(status == HttpStatusCode.Created, sample?.ToJsonString());
        var sampleId = (string)sample!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/samples/{sampleId}/receive")).Status);
        return sampleId;
    }

    static async Task<JsonNode> SucceedAsync(HttpClient client, object request)
    {
        var (status, job) = await PostAsync(client, "/api/v1/jobs", request);
        Assert.True(status == HttpStatusCode.Created, job?.ToJsonString());
        var id = (string)job!["id"]!;
        var done = await WaitForStateAsync(client, id, "succeeded", "delivered", "failed", "cancelled", "rejected");
        Assert.True((string?)done["state"] is "succeeded" or "delivered", done.ToJsonString());
        return done;
    }

    static async Task<JsonElement> MeasurementDocumentAsync(HttpClient client, JsonNode job)
    {
        var id = (string)job["measurementIds"]![0]!;
        var measurement = await client.GetFromJsonAsync<MeasurementView>($"/api/v1/measurements/{id}", JobKit.Json);
        return measurement!.Document!.Value;
    }
}
