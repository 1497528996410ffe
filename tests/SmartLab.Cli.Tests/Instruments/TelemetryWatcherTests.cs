using System.Net;
using System.Text;
using System.Text.Json;
using SmartLab.Cli.Http;
using SmartLab.Cli.Instruments;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;
using SmartLab.Cli.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Instruments;

public sealed class TelemetryWatcherTests
{
    const string Instrument = "/api/v1/instruments/furnace-01";
    const string Stream = Instrument + "/telemetry";
    const string Profile = "/api/v1/profiles/tube-furnace?version=1.0.0";
    static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    static object InstrumentBody(bool online = true) => new
    {
        id = "furnace-01",
        profile = "tube-furnace",
        profileVersion = "1.0.0",
        online,
        status = online ? "idle" : "offline",
        counters = new { telemetryAccepted = 0, telemetryRejected = 0, seqGaps = 0, measurementsStored = 0, measurementsRejected = 0, staleWillsIgnored = 0 },
    };

    static object ProfileBody() => new
    {
        id = "tube-furnace",
        version = "1.0.0",
        kind = "furnace",
        title = "Tube furnace",
        telemetry = new object[]
        {
            new { name = "temperature", type = "number", unit = "Cel", min = -50, max = 1300 },
            new { name = "setpoint", type = "number", unit = "Cel" },
            new { name = "heaterPower", type = "number", unit = "%" },
            new { name = "doorClosed", type = "boolean", unit = "1" },
        },
        commands = new object[] { new { name = "emergencyStop", safety = "always-allowed", timeout = "00:00:10" } },
    };

    /// <summary>An SSE body: a comment, then one <c>telemetry</c> event per reading, one second apart, then the end.</summary>
    static StubHub Readings(StubHub stub, int count)
    {
        var text = new StringBuilder(": connected\n\n");
        for (var i = 0; i < count; i++)
        {
            var reading = new { ts = Start.AddSeconds(i), values = new Dictionary<string, object> { ["temperature"] = 25.5 + i, ["doorClosed"] = true, ["heaterPower"] = 0, ["extra"] = "x" } };
            text.Append("event: telemetry\ndata: ").Append(JsonSerializer.Serialize(reading, JsonSerializerOptions.Web)).Append("\n\n");
        }

        var body = text.ToString();
        return stub.On(Stream, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") });
    }

    static async Task<(int Code, string Out, string Error)> WatchAsync(StubHub stub, int? count = null, TimeSpan? duration = null, bool json = false)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var hub = new HubClient(new Uri("http://hub.test"), "token", TimeProvider.System, stub);
        var console = new CliConsole(output, error, interactive: false, new Dictionary<string, string?>());
        var code = await new TelemetryWatcher(hub, console, UtcTime.Instance).WatchAsync("furnace-01", count, duration, json, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task WatchAsync_Count_PrintsThatManyReadingsWithProfileUnits()
    {
        var stub = Readings(new StubHub().OnJson(Instrument, InstrumentBody()).OnJson(Profile, ProfileBody()), 5);

        var (code, output, error) = await WatchAsync(stub, count: 3);

        Assert.Equal(0, code);
        Assert.Equal(
        [
            "10:00:00  temperature=25.5 Cel  heaterPower=0 %  doorClosed=true  extra=x",
            "10:00:01  temperature=26.5 Cel  heaterPower=0 %  doorClosed=true  extra=x",
            "10:00:02  temperature=27.5 Cel  heaterPower=0 %  doorClosed=true  extra=x",
        ], output.TrimEnd().Split('\n'));
        Assert.Empty(error);
    }

    [Fact]
    public async Task WatchAsync_Terminal_DrawsTheTableWithTheLatestValues()
    {
        var stub = Readings(new StubHub().OnJson(Instrument, InstrumentBody()).OnJson(Profile, ProfileBody()), 3);
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var hub = new HubClient(new Uri("http://hub.test"), "token", TimeProvider.System, stub);
        var console = new CliConsole(output, error, interactive: true, new Dictionary<string, string?> { ["NO_COLOR"] = "1" });

        var code = await new TelemetryWatcher(hub, console, UtcTime.Instance).WatchAsync("furnace-01", 3, null, json: false, CancellationToken.None);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("27.5", text, StringComparison.Ordinal);
        Assert.Contains("Cel", text, StringComparison.Ordinal);
        Assert.Contains("3 readings, last 10:00:02", text, StringComparison.Ordinal);
        Assert.Contains("furnace-01", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_Json_PrintsOneObjectPerReading()
    {
        var stub = Readings(new StubHub().OnJson(Instrument, InstrumentBody()).OnJson(Profile, ProfileBody()), 2);

        var (code, output, _) = await WatchAsync(stub, count: 2, json: true);

        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(25.5, first.RootElement.GetProperty("values").GetProperty("temperature").GetDouble());
        Assert.Equal(Start, first.RootElement.GetProperty("ts").GetDateTimeOffset());
    }

    [Fact]
    public async Task WatchAsync_ProfileUnknown_WarnsAndShowsValuesWithoutUnits()
    {
        var stub = Readings(new StubHub().OnJson(Instrument, InstrumentBody()), 1);

        var (code, output, error) = await WatchAsync(stub, count: 1);

        Assert.Equal(0, code);
        Assert.StartsWith("10:00:00  temperature=25.5  doorClosed=true  heaterPower=0  extra=x", output, StringComparison.Ordinal);
        Assert.Contains("warning: the hub does not have profile `tube-furnace`", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_StreamEndsBeforeCount_ReconnectsAndCarriesOn()
    {
        // The first connection gives two readings and ends (a hub restart); the second gives the rest.
        var stub = Readings(Readings(new StubHub().OnJson(Instrument, InstrumentBody()).OnJson(Profile, ProfileBody()), 2), 5);

        var (code, output, _) = await WatchAsync(stub, count: 4);

        Assert.Equal(0, code);
        Assert.Equal(4, output.TrimEnd().Split('\n').Length);
        Assert.Equal(2, stub.Requests.Count(r => r == $"GET {Stream}"));
    }

    [Fact]
    public async Task WatchAsync_SecondsPassWithoutAReading_FailsSayingTheInstrumentIsOffline()
    {
        var stub = Readings(new StubHub().OnJson(Instrument, InstrumentBody(online: false)).OnJson(Profile, ProfileBody()), 0);

        var error = await Assert.ThrowsAsync<CliException>(() => WatchAsync(stub, duration: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(ExitCodes.Failed, error.ExitCode);
        Assert.Equal("no readings from furnace-01 within 0.3 s (it is offline)", error.Message);
    }

    [Fact]
    public async Task WatchAsync_UnknownInstrument_FailsWithTheHubsProblem()
    {
        var error = await Assert.ThrowsAsync<HubProblemException>(() => WatchAsync(new StubHub(), count: 1));

        Assert.Equal(ExitCodes.Failed, error.ExitCode);
    }

    [Fact]
    public void Render_BeforeAnyReading_ListsTheProfileChannels()
    {
        var board = new TelemetryBoard("furnace-01", [new("temperature", "Cel", null), new("doorClosed", "1", null)], UtcTime.Instance);
        using var output = new StringWriter();
        var console = new CliConsole(output, output, interactive: false, new Dictionary<string, string?>());

        console.Ansi.Write(board.Render());

        Assert.Contains("temperature", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Cel", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("waiting for readings", output.ToString(), StringComparison.Ordinal);
    }
}
