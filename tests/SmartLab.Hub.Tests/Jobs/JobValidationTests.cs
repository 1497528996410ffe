using System.Net;
using System.Text.Json.Nodes;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Job requests are checked against the instrument's profile before anything is stored.</summary>
public sealed class JobValidationTests
{
    static JsonObject Xrd(Action<JsonObject>? change = null)
    {
        var request = new JsonObject
        {
            ["instrument"] = "xrd-01",
            ["method"] = "theta2theta",
            ["parameters"] = new JsonObject { ["start"] = 20, ["stop"] = 40, ["step"] = 0.05, ["dwell"] = 0.2 },
        };
        change?.Invoke(request);
        return request;
    }

    static JsonObject Anneal(Action<JsonObject>? change = null)
    {
        var request = new JsonObject
        {
            ["instrumentKind"] = "tube-furnace",
            ["method"] = "anneal",
            ["parameters"] = new JsonObject { ["temperature"] = 500, ["rampRate"] = 5, ["dwell"] = 60, ["atmosphere"] = "Ar" },
        };
        change?.Invoke(request);
        return request;
    }

    static void Set(JsonObject request, string parameter, JsonNode? value) => request["parameters"]![parameter] = value;

    [Fact]
    public async Task Submit_EachKindOfBadRequest_400NamingFieldAndNothingCreated()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var admin = hub.AdminClient();

        // The answer is RFC 9457 JSON.
        using (var raw = await alice.PostAsync("/api/v1/jobs", new StringContent(Xrd(r => Set(r, "start", "ten")).ToJsonString(),
                   System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
            Assert.Equal("application/problem+json", raw.Content.Headers.ContentType!.MediaType);
        }

        var detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "start", "ten"))),
            HttpStatusCode.BadRequest, "wrong_type", "parameters.start");
        Assert.Contains("ten", detail, StringComparison.Ordinal);

        detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "start", new JsonObject { ["value"] = 10, ["unit"] = "s" }))),
            HttpStatusCode.BadRequest, "wrong_unit", "parameters.start");
        Assert.Contains("`s`", detail, StringComparison.Ordinal);
        Assert.Contains("`deg`", detail, StringComparison.Ordinal);

        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "start", new JsonObject { ["value"] = 10, ["unit"] = "furlong" }))),
            HttpStatusCode.BadRequest, "wrong_unit", "parameters.start");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "start", new JsonObject { ["value"] = "10", ["unit"] = "deg" }))),
            HttpStatusCode.BadRequest, "invalid_quantity", "parameters.start");

        detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "stop", 200))),
            HttpStatusCode.BadRequest, "above_maximum", "parameters.stop");
        Assert.Contains("150", detail, StringComparison.Ordinal);
        Assert.Contains("xrd-powder", detail, StringComparison.Ordinal);

        detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "step", 0))),
            HttpStatusCode.BadRequest, "below_minimum", "parameters.step");
        Assert.Contains("0.001", detail, StringComparison.Ordinal);

        detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Anneal(r => Set(r, "atmosphere", "helium"))),
            HttpStatusCode.BadRequest, "not_allowed", "parameters.atmosphere");
        Assert.Contains("forming-gas", detail, StringComparison.Ordinal);

        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["parameters"]!.AsObject().Remove("stop"))),
            HttpStatusCode.BadRequest, "required", "parameters.stop");

        detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => Set(r, "speed", 3))),
            HttpStatusCode.BadRequest, "unknown_parameter", "parameters.speed");
        Assert.Contains("dwell", detail, StringComparison.Ordinal);

        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["parameters"] = new JsonArray(1, 2))),
            HttpStatusCode.BadRequest, "not_an_object", "parameters");

        detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["method"] = "rocking-curve")),
            HttpStatusCode.BadRequest, "unknown_method", "method");
        Assert.Contains("theta2theta", detail, StringComparison.Ordinal);

        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["method"] = null)), HttpStatusCode.BadRequest, "required", "method");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["instrument"] = "xrd-99")),
            HttpStatusCode.BadRequest, "unknown_instrument", "instrument");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r.Remove("instrument"))), HttpStatusCode.BadRequest, "required", "instrument");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Anneal(r => r["instrumentKind"] = "cyclotron")),
            HttpStatusCode.BadRequest, "unknown_kind", "instrumentKind");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["instrumentKind"] = "tube-furnace")),
            HttpStatusCode.BadRequest, "kind_mismatch", "instrumentKind");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["sampleId"] = "S-999999")),
            HttpStatusCode.BadRequest, "unknown_sample", "sampleId");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["priority"] = "high")),
            HttpStatusCode.BadRequest, "priority_not_allowed", "priority");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["priority"] = "urgent")),
            HttpStatusCode.BadRequest, "unknown_priority", "priority");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", Xrd(r => r["notes"] = new string('x', 4001))),
            HttpStatusCode.BadRequest, "too_long", "notes");

        var (status, page) = await GetAsync(admin, "/api/v1/jobs");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(page!["items"]!.AsArray());

        // The same request without the fault is accepted: the refusals above were for the fault alone.
        (status, var job) = await PostAsync(alice, "/api/v1/jobs", Xrd());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Single((await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray());
        Assert.Equal("submitted", (string?)job!["state"]);
    }

    [Fact]
    public async Task Submit_QuantitiesInConvertibleUnits_StoredInTheProfileUnitsWithDefaults()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));

        var (status, job) = await PostAsync(alice, "/api/v1/jobs", Xrd(r =>
        {
            Set(r, "dwell", new JsonObject { ["value"] = 200, ["unit"] = "ms" });
            Set(r, "start", new JsonObject { ["value"] = 20, ["unit"] = "deg" });
        }));
        Assert.Equal(HttpStatusCode.Created, status);
        var stored = await JobAsync(alice, (string)job!["id"]!);
        Assert.Equal(0.2, (double)stored["parameters"]!["dwell"]!, 12);
        Assert.Equal(20, (double)stored["parameters"]!["start"]!);
        Assert.Equal(40, (double)stored["parameters"]!["tubeVoltage"]!); // the profile's default, filled in
        Assert.Equal(30, (double)stored["parameters"]!["tubeCurrent"]!);
        Assert.Equal(1800, (double)stored["estimatedSeconds"]!);

        (status, job) = await PostAsync(alice, "/api/v1/jobs", Anneal(r =>
        {
            Set(r, "temperature", new JsonObject { ["value"] = 773.15, ["unit"] = "K" });
            Set(r, "dwell", new JsonObject { ["value"] = 1.5, ["unit"] = "h" });
        }));
        Assert.Equal(HttpStatusCode.Created, status);
        stored = await JobAsync(alice, (string)job!["id"]!);
        Assert.Equal("tube-furnace", (string?)stored["instrumentKind"]);
        Assert.Null(stored["instrument"]);
        Assert.Equal(500, (double)stored["parameters"]!["temperature"]!, 9);
        Assert.Equal(90, (double)stored["parameters"]!["dwell"]!, 9);

        // A conversion that lands outside the range is refused in the profile's unit.
        var detail = AssertProblem(await PostAsync(alice, "/api/v1/jobs", Anneal(r => Set(r, "temperature", new JsonObject { ["value"] = 1500, ["unit"] = "K" }))),
            HttpStatusCode.BadRequest, "above_maximum", "parameters.temperature");
        Assert.Contains("1200", detail, StringComparison.Ordinal);
        Assert.Contains("tube-furnace", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitBatch_OneBadJob_400NamingItsIndexAndNoneCreated()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var admin = hub.AdminClient();

        var bad = new JsonObject { ["jobs"] = new JsonArray(Xrd(), Xrd(r => Set(r, "start", "ten")), Xrd()) };
        AssertProblem(await PostAsync(alice, "/api/v1/jobs/batch", bad), HttpStatusCode.BadRequest, "wrong_type", "jobs[1].parameters.start");

        var badLast = new JsonObject { ["jobs"] = new JsonArray(Xrd(), Xrd(), Xrd(r => r["method"] = "rocking-curve")) };
        AssertProblem(await PostAsync(alice, "/api/v1/jobs/batch", badLast), HttpStatusCode.BadRequest, "unknown_method", "jobs[2].method");
        AssertProblem(await PostAsync(alice, "/api/v1/jobs/batch", new JsonObject { ["jobs"] = new JsonArray() }),
            HttpStatusCode.BadRequest, "empty_batch", "jobs");
        Assert.Empty((await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray());

        var (status, batch) = await PostAsync(alice, "/api/v1/jobs/batch", new JsonObject { ["jobs"] = new JsonArray(Xrd(), Xrd(), Xrd()) });
        Assert.Equal(HttpStatusCode.Created, status);
        var ids = batch!["jobs"]!.AsArray().Select(j => (string)j!["id"]!).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, (await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray().Count);
    }
}
