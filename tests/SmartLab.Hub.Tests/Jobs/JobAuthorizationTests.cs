using System.Net;
using System.Net.Http.Json;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Who may see and do what with jobs, samples and their measurements.</summary>
public sealed class JobAuthorizationTests
{
    static readonly string[] StaffActions = ["approve", "reject", "hold", "resume", "deliver"];

    [Fact]
    public async Task OtherUser_JobSampleAndMeasurementOfSomeoneElse_404AsIfAbsent()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));

        var (_, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "Si wafer" });
        var sampleId = (string)sample!["id"]!;
        var (_, done) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var doneId = (string)done!["id"]!;
        await ApproveAsync(staff, doneId);
        var measurementId = (string)(await WaitForStateAsync(staff, doneId, "succeeded"))["measurementIds"]![0]!;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{doneId}/deliver")).Status);
        var (_, open) = await PostAsync(alice, "/api/v1/jobs", XrdScan(sampleId));
        var openId = (string)open!["id"]!;

        // Alice sees all of it.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/api/v1/jobs/{openId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/api/v1/samples/{sampleId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/api/v1/measurements/{measurementId}")).Status);

        // Bob gets exactly what he would get for ids that do not exist.
        foreach (var path in new[]
                 {
                     $"/api/v1/jobs/{openId}", $"/api/v1/jobs/{openId}/events", $"/api/v1/jobs/{openId}/result",
                     $"/api/v1/jobs/{doneId}", $"/api/v1/jobs/{doneId}/events", $"/api/v1/jobs/{doneId}/result?waitSeconds=5",
                     $"/api/v1/samples/{sampleId}", $"/api/v1/samples/{sampleId}/label",
                     $"/api/v1/measurements/{measurementId}", $"/api/v1/measurements/{measurementId}/export?format=csv",
                 })
        {
            AssertProblem(await GetAsync(bob, path), HttpStatusCode.NotFound, "not_found");
        }

        AssertProblem(await PostAsync(bob, $"/api/v1/jobs/{openId}/cancel"), HttpStatusCode.NotFound, "not_found");
        AssertProblem(await PostAsync(bob, "/api/v1/jobs", XrdScan(sampleId)), HttpStatusCode.BadRequest, "unknown_sample", "sampleId");
        Assert.Empty((await GetAsync(bob, "/api/v1/jobs")).Body!["items"]!.AsArray());
        Assert.Empty((await GetAsync(bob, "/api/v1/jobs?requester=alice")).Body!["items"]!.AsArray());
        Assert.Empty((await GetAsync(bob, "/api/v1/samples")).Body!["items"]!.AsArray());
        Assert.Empty((await GetAsync(bob, $"/api/v1/measurements?jobId={doneId}")).Body!["items"]!.AsArray());

        // Bob's cancel changed nothing.
        Assert.Equal(["submitted"], StatesOf(await JobAsync(alice, openId)));
    }

    [Fact]
    public async Task Cancel_OtherUsersFinishedJob_404NotItsState()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alice, $"/api/v1/jobs/{id}/cancel")).Status);

        // A finished job is as invisible to others as an open one: no 409 telling its state.
        var detail = AssertProblem(await PostAsync(bob, $"/api/v1/jobs/{id}/cancel"), HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain("cancelled", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_StaffActions_403AndJobUnchanged()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        var (_, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "Si wafer" });
        var sampleId = (string)sample!["id"]!;
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan(sampleId));
        var id = (string)job!["id"]!;

        foreach (var action in StaffActions)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(alice, $"/api/v1/jobs/{id}/{action}", new { reason = "self-service" })).Status);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(alice, $"/api/v1/jobs/{id}/assign", new { instrument = "xrd-01" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(alice, $"/api/v1/jobs/{id}/reorder", new { priority = "high", front = true })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(alice, $"/api/v1/samples/{sampleId}/receive")).Status);
        using (var policy = await alice.PutAsJsonAsync("/api/v1/instruments/xrd-01/automation-policy", new { autoApprove = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, policy.StatusCode);
        }

        var after = await JobAsync(alice, id);
        Assert.Equal("submitted", (string?)after["state"]);
        Assert.Equal("normal", (string?)after["priority"]);
        Assert.Null(after["pinnedInstrument"]);
        Assert.Single(after["history"]!.AsArray());
        Assert.Null((await GetAsync(alice, $"/api/v1/samples/{sampleId}")).Body!["receivedAt"]);
    }

    [Fact]
    public async Task Submit_BodyNamesServerOwnedFields_Ignored()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        await hub.CreateAccountAsync("bob", "user");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var (status, job) = await PostAsync(alice, "/api/v1/jobs", new
        {
            instrument = "xrd-01",
            method = "theta2theta",
            parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
            id = "J-999999",
            requester = "bob",
            onBehalfOf = "bob",
            @operator = "tanaka",
            state = "running",
            createdAt = "2000-01-01T00:00:00Z",
            attempt = 5,
            maxAttempts = 99,
            measurementIds = new[] { "M-1" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = (string)job!["id"]!;
        Assert.Matches("^J-[0-9]{6}$", id);
        Assert.NotEqual("J-999999", id);
        var stored = await JobAsync(alice, id);
        Assert.Equal("alice", (string?)stored["requester"]);
        Assert.Null(stored["onBehalfOf"]);
        Assert.Null(stored["operator"]);
        Assert.Equal("submitted", (string?)stored["state"]);
        Assert.Equal(0, (int?)stored["attempt"]);
        Assert.Equal(3, (int?)stored["maxAttempts"]);
        Assert.Empty(stored["measurementIds"]!.AsArray());
        Assert.True(DateTimeOffset.Parse((string)stored["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture) > before);
        Assert.Equal("user:alice", (string?)stored["history"]![0]!["actor"]);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(alice, "/api/v1/jobs/J-999999")).Status);

        (status, var sample) = await PostAsync(alice, "/api/v1/samples", new
        {
            name = "Si wafer",
            id = "S-999999",
            owner = "bob",
            receivedAt = "2000-01-01T00:00:00Z",
            receivedBy = "tanaka",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotEqual("S-999999", (string?)sample!["id"]);
        var storedSample = (await GetAsync(alice, $"/api/v1/samples/{(string)sample["id"]!}")).Body!;
        Assert.Equal("alice", (string?)storedSample["owner"]);
        Assert.Null(storedSample["receivedAt"]);
        Assert.Null(storedSample["receivedBy"]);
    }

    [Fact]
    public async Task Anonymous_JobAndSampleEndpoints_401()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;
        using var anonymous = hub.Client(null);
        using var forged = hub.Client(new string('a', 64));

        foreach (var client in new[] { anonymous, forged })
        {
            foreach (var path in new[] { "/api/v1/jobs", $"/api/v1/jobs/{id}", $"/api/v1/jobs/{id}/events", $"/api/v1/jobs/{id}/result", "/api/v1/samples", "/api/v1/me/webhook" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, path)).Status);
            }

            foreach (var path in new[] { "/api/v1/jobs", "/api/v1/jobs/batch", $"/api/v1/jobs/{id}/cancel", $"/api/v1/jobs/{id}/approve", "/api/v1/samples" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client, path, XrdScan())).Status);
            }

            using var webhook = await client.PutAsJsonAsync("/api/v1/me/webhook", new { url = "http://127.0.0.1:9/hook" });
            Assert.Equal(HttpStatusCode.Unauthorized, webhook.StatusCode);
        }

        Assert.Equal(["submitted"], StatesOf(await JobAsync(alice, id)));
        Assert.Single((await GetAsync(alice, "/api/v1/jobs")).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task AutomationOnBehalfOfAlice_JobIsAlicesToSee_NotBobs()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice"));

        var (_, me) = await GetAsync(bot, "/api/v1/me");
        Assert.Equal("alice", (string?)me!["onBehalfOf"]);

        var (status, job) = await PostAsync(bot, "/api/v1/jobs", XrdScan());
        Assert.Equal(HttpStatusCode.Created, status);
        var id = (string)job!["id"]!;
        Assert.Equal("loop-1", (string?)job["requester"]);
        Assert.Equal("alice", (string?)job["onBehalfOf"]);
        Assert.Equal("automation:loop-1", (string?)job["history"]![0]!["actor"]);
        Assert.Equal("alice", (string?)job["history"]![0]!["onBehalfOf"]);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/api/v1/jobs/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, $"/api/v1/jobs/{id}")).Status);
        Assert.Contains(id, (await GetAsync(alice, "/api/v1/jobs")).Body!["items"]!.AsArray().Select(j => (string?)j!["id"]));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/jobs/{id}")).Status);
        Assert.Empty((await GetAsync(bob, "/api/v1/jobs")).Body!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, $"/api/v1/jobs/{id}/cancel")).Status);

        // The loop's samples are alice's; the person it acts for may cancel what it submitted.
        var (_, sample) = await PostAsync(bot, "/api/v1/samples", new { name = "library well A1" });
        Assert.Equal("alice", (string?)sample!["owner"]);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/api/v1/samples/{(string)sample["id"]!}")).Status);
        (status, job) = await PostAsync(alice, $"/api/v1/jobs/{id}/cancel", new { reason = "wrong plate" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", (string?)job!["state"]);
    }

    [Fact]
    public async Task AutomationOnBehalfOfAlice_ReadsTheMeasurementsOfItsOwnJobs()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice"));

        var (_, job) = await PostAsync(bot, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;
        await ApproveAsync(staff, id);
        job = await WaitForStateAsync(bot, id, "delivered");
        var measurementId = (string)job["measurementIds"]![0]!;

        // A closed loop reads each result to choose its next experiment.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/api/v1/measurements/{measurementId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/measurements/{measurementId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, $"/api/v1/measurements/{measurementId}")).Status);
        Assert.Single((await GetAsync(bot, $"/api/v1/measurements?jobId={id}")).Body!["items"]!.AsArray());
    }
}
