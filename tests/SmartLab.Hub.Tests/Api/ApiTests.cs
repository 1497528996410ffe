using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Hub.Tests.Protocol;

namespace SmartLab.Hub.Tests.Api;

public sealed class ApiTests
{
    [Fact]
    public async Task Anonymous_RefusedEverywhereButHealth()
    {
        await using var hub = await TestHub.StartAsync();
        using var anonymous = hub.Client(null);

        foreach (var path in new[] { "/api/v1/instruments", "/api/v1/measurements", "/api/v1/profiles", "/metrics", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz/ready")).StatusCode);
        using var forged = hub.Client("not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/instruments")).StatusCode);
    }

    [Fact]
    public async Task Metrics_ForStaff_IncludeStoreCommitsAndCpuOfHubAndWriter()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-9");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));

        var response = await staff.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var values = (await response.Content.ReadAsStringAsync()).Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#' && !l.Contains('{'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

        // Registering the instrument and the account were committed writes.
        Assert.True(values["smartlab_store_commits_total"] >= 2);
        Assert.True(values["smartlab_store_writes_total"] >= values["smartlab_store_commits_total"]);
        Assert.True(values["process_cpu_seconds_total"] > 0);
        Assert.InRange(values["smartlab_store_writer_cpu_seconds_total"], 0, values["process_cpu_seconds_total"]);
    }

    [Fact]
    public async Task Register_ByStaff_Forbidden_BadInput_ProblemNamingFieldAndNothingCreated()
    {
        await using var hub = await TestHub.StartAsync();
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        using var admin = hub.AdminClient();

        Assert.Equal(HttpStatusCode.Forbidden,
            (await staff.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-9", "xrd-powder"))).StatusCode);

        var badId = await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("XRD 9", "xrd-powder"));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal("application/problem+json", badId.Content.Headers.ContentType!.MediaType);
        var problem = await badId.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("invalid_id", (string?)problem!["code"]);
        Assert.Equal("id", (string?)problem["field"]);

        var badProfile = await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-9", "xrd-nope"));
        var profileProblem = await badProfile.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("unknown_profile", (string?)profileProblem!["code"]);
        Assert.Contains("xrd-powder@1.0.0", (string?)profileProblem["detail"]);

        Assert.Empty((await admin.GetFromJsonAsync<Page<InstrumentView>>("/api/v1/instruments"))!.Items);

        await hub.RegisterAsync("xrd-9");
        var duplicate = await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-9", "tube-furnace"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("xrd-powder", (await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-9"))!.Profile);
    }

    [Fact]
    public async Task Users_SeeOnlyTheirOwnMeasurements_OthersAre404()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-v");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-v", secret);
        await agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement("M-staff"));
        await agent.WaitForAckAsync("measurement", "M-staff");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));

        Assert.Empty((await alice.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements"))!.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("/api/v1/measurements/M-staff")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("/api/v1/measurements/M-staff/export?format=csv")).StatusCode);
        Assert.Single((await staff.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements"))!.Items);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCoreEndpoints()
    {
        await using var hub = await TestHub.StartAsync();
        using var admin = hub.AdminClient();

        var document = await admin.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/instruments", "/api/v1/instruments/{id}", "/api/v1/instruments/{id}/credentials",
                     "/api/v1/profiles", "/api/v1/profiles/{id}", "/api/v1/measurements", "/api/v1/measurements/{id}",
                     "/api/v1/measurements/{id}/export", "/api/v1/jobs", "/api/v1/jobs/batch", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/events",
                     "/api/v1/jobs/{id}/result", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/{id}/approve", "/api/v1/jobs/{id}/reject",
                     "/api/v1/jobs/{id}/hold", "/api/v1/jobs/{id}/resume", "/api/v1/jobs/{id}/assign", "/api/v1/jobs/{id}/reorder",
                     "/api/v1/jobs/{id}/deliver", "/api/v1/samples", "/api/v1/samples/{id}", "/api/v1/samples/{id}/label",
                     "/api/v1/samples/{id}/receive", "/api/v1/instruments/{id}/automation-policy", "/api/v1/me/webhook" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task Profiles_ListedWithCommandsAndMethods()
    {
        await using var hub = await TestHub.StartAsync();
        using var admin = hub.AdminClient();

        var list = await admin.GetFromJsonAsync<JsonObject>("/api/v1/profiles");
        Assert.Contains(list!["items"]!.AsArray(), p => (string?)p!["id"] == "sem");
        var xrd = await admin.GetFromJsonAsync<JsonObject>("/api/v1/profiles/xrd-powder");
        var method = xrd!["methods"]!.AsArray().Single(m => (string?)m!["name"] == "theta2theta");
        Assert.Contains(method!["parameters"]!.AsArray(), p => (string?)p!["name"] == "step" && (string?)p["unit"] == "deg");
    }

    [Fact]
    public async Task Instruments_PagedById_WithoutGapsOrRepeats()
    {
        await using var hub = await TestHub.StartAsync();
        var ids = Enumerable.Range(0, 7).Select(i => $"xrd-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await hub.RegisterAsync(id);
        }

        using var admin = hub.AdminClient();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await admin.GetFromJsonAsync<Page<InstrumentView>>($"/api/v1/instruments?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page!.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task CreateAccount_ExistingId_ConflictAndTokenUnchanged()
    {
        await using var hub = await TestHub.StartAsync();
        var token = await hub.CreateAccountAsync("tanaka", "staff");
        using var admin = hub.AdminClient();

        var again = await admin.PostAsJsonAsync("/api/v1/accounts", new CreateAccountRequest("tanaka", "admin"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var staff = hub.Client(token);
        Assert.Equal("staff", (await staff.GetFromJsonAsync<AccountView>("/api/v1/me"))!.Role);
    }

    [Fact]
    public async Task RotateCredentials_EndsTheConnectionThatUsedTheOldSecret()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-rot");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-rot", secret);
        using var admin = hub.AdminClient();

        (await admin.PostAsync("/api/v1/instruments/xrd-rot/credentials", null)).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(() => !agent.IsConnected, "old connection closed after rotation");
    }

    [Fact]
    public async Task MalformedQueryOrCursor_ProblemWithStableCode()
    {
        await using var hub = await TestHub.StartAsync();
        using var admin = hub.AdminClient();

        var badTime = await admin.GetAsync("/api/v1/measurements?from=yesterday");
        var badCursor = await admin.GetAsync("/api/v1/measurements?cursor=abc");

        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Equal("bad_request", (string?)(await badTime.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        var problem = await badCursor.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("invalid_cursor", (string?)problem!["code"]);
        Assert.Equal("cursor", (string?)problem["field"]);
    }
}
