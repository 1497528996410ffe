using System.Net;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Measurements;

/// <summary><c>GET /api/v1/measurements</c> with <c>where=</c> comparisons, over the real hub.</summary>
public sealed class MeasurementSearchApiTests
{
    [Fact]
    public async Task Search_WhereComparisons_NumbersInRecordUnitsOrConvertedAndTextExact()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-s");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-s", secret);
        var calibration = new { calibration = new { id = "CAL-1", date = "2026-11-01" } };
        foreach (var (id, kelvin, holder) in new[] { ("M-1", 700.0, "zero-background"), ("M-2", 800.0, "glass"), ("M-3", 900.0, "glass") })
        {
            await agent.PublishJsonAsync("measurements", new
            {
                v = 1, measurementId = id, method = "theta2theta", instrument = calibration,
                parameters = new { start = 10, stop = 80, step = 0.02, dwell = id == "M-3" ? 1.0 : 0.5 },
                conditions = new { sampleTemperature = new { value = kelvin, units = "K" }, holder },
            });
            await agent.WaitForAckAsync("measurement", id);
        }

        using var admin = hub.AdminClient();
        async Task<List<string>> Ids(string query) =>
            (await GetAsync(admin, "/api/v1/measurements?" + query)).Body!["items"]!.AsArray().Select(m => (string)m!["id"]!).ToList();

        Assert.Equal(["M-3", "M-2"], await Ids("where=conditions.sampleTemperature%3E750"));
        Assert.Equal(["M-3", "M-2"], await Ids("where=conditions.sampleTemperature%3E500%5BCel%5D")); // 500 Cel = 773.15 K
        Assert.Equal(["M-2"], await Ids("where=conditions.holder=glass&where=parameters.dwell%3C1"));
        Assert.Equal(["M-1"], await Ids("where=conditions.holder!=glass"));
        Assert.Equal(["M-3", "M-2", "M-1"], await Ids("where=parameters.step=0.02&instrumentId=xrd-s&method=theta2theta"));
        Assert.Equal(["M-1"], await Ids("where=metadata.instrument.calibration.id=CAL-1&limit=1&cursor=" +
            (await GetAsync(admin, "/api/v1/measurements?limit=2")).Body!["nextCursor"]));
    }

    [Theory]
    [InlineData("where=temperature%3E5", "parameters., conditions. or metadata.")]
    [InlineData("where=conditions.temperature~5", "operators")]
    [InlineData("where=conditions.temperature%3Ehot", "`hot` is not a number")]
    [InlineData("where=conditions.temperature%3E", "value after")]
    [InlineData("where=conditions.temperature%3E5%5Bfurlong%5D", "furlong")]
    public async Task Search_BadWhere_400NamingTheBadPart(string query, string named)
    {
        await using var hub = await TestHub.StartAsync();
        using var admin = hub.AdminClient();

        var detail = AssertProblem(await GetAsync(admin, "/api/v1/measurements?" + query), HttpStatusCode.BadRequest, "invalid_where", "where");

        Assert.Contains(named, detail);
    }

    [Fact]
    public async Task Search_ForeignCursor_400()
    {
        await using var hub = await TestHub.StartAsync();
        using var admin = hub.AdminClient();

        AssertProblem(await GetAsync(admin, "/api/v1/measurements?cursor=12"), HttpStatusCode.BadRequest, "invalid_cursor", "cursor");
    }
}
