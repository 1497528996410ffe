using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>What staff and requesters do to jobs: hold, resume, cancel, reject, deliver, assign, reorder, and automation review.</summary>
public sealed class JobActionsTests
{
    static async Task<string> SubmitAsync(HttpClient client, object? body = null)
    {
        var (status, job) = await PostAsync(client, "/api/v1/jobs", body ?? XrdScan());
        Assert.True(status == HttpStatusCode.Created, job?.ToJsonString());
        return (string)job!["id"]!;
    }

    static async Task<JsonNode> ActAsync(HttpClient client, string id, string action, object? body = null)
    {
        var (status, job) = await PostAsync(client, $"/api/v1/jobs/{id}/{action}", body);
        Assert.True(status == HttpStatusCode.OK, $"{action} of {id}: {(int)status} {job?.ToJsonString()}");
        return job!;
    }

    static object Scan(double dwell, string instrument = "xrd-01") => new
    {
        instrument,
        method = "theta2theta",
        parameters = new { start = 20, stop = 40, step = 0.05, dwell },
    };

    [Fact]
    public async Task HoldResume_ReturnsEachJobWhereItWas()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01"); // offline: queued jobs stay queued
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "Si wafer" });
        var sampleId = (string)sample!["id"]!;

        var submitted = await SubmitAsync(alice);
        var queued = await SubmitAsync(alice);
        await ApproveAsync(staff, queued);
        var waiting = await SubmitAsync(alice, XrdScan(sampleId));
        Assert.Equal("awaiting-sample", (string?)(await ApproveAsync(staff, waiting))["state"]);
        var arrives = await SubmitAsync(alice, XrdScan(sampleId));
        await ApproveAsync(staff, arrives);

        foreach (var id in new[] { submitted, queued, waiting, arrives })
        {
            var held = await ActAsync(staff, id, "hold", new { reason = "tube replacement" });
            Assert.Equal("held", (string?)held["state"]);
            Assert.Equal("staff:tanaka", (string?)held["history"]!.AsArray()[^1]!["actor"]);
            Assert.Equal("tube replacement", (string?)held["history"]!.AsArray()[^1]!["reason"]);
        }

        // Holding twice is refused; a held job is not queued.
        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{queued}/hold"), HttpStatusCode.Conflict, "invalid_transition");
        Assert.Empty((await GetAsync(staff, "/api/v1/jobs?state=queued")).Body!["items"]!.AsArray());

        // The sample arrives while two of its jobs are held: neither is released by the receipt.
        var (status, receipt) = await PostAsync(staff, $"/api/v1/samples/{sampleId}/receive");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(receipt!["queuedJobs"]!.AsArray());

        Assert.Equal("submitted", (string?)(await ActAsync(staff, submitted, "resume"))["state"]);
        Assert.Equal("queued", (string?)(await ActAsync(staff, queued, "resume"))["state"]);
        Assert.Equal("queued", (string?)(await ActAsync(staff, waiting, "resume"))["state"]); // its sample is here now
        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{queued}/resume"), HttpStatusCode.Conflict, "invalid_transition");

        Assert.Equal(["submitted", "held", "submitted"], StatesOf(await JobAsync(alice, submitted)));
        Assert.Equal("queued", StatesOf(await JobAsync(alice, queued))[^1]);
        Assert.Equal(2, (await GetAsync(staff, "/api/v1/jobs?state=queued")).Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Resume_AwaitingSampleJobWhoseSampleHasNotArrived_WaitsAgain()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "Si wafer" });
        var id = await SubmitAsync(alice, XrdScan((string)sample!["id"]!));
        await ApproveAsync(staff, id);
        await ActAsync(staff, id, "hold");

        Assert.Equal("awaiting-sample", (string?)(await ActAsync(staff, id, "resume"))["state"]);
        var (_, receipt) = await PostAsync(staff, $"/api/v1/samples/{(string)sample["id"]!}/receive");
        Assert.Equal(id, (string?)receipt!["queuedJobs"]![0]);
    }

    [Fact]
    public async Task Cancel_BeforeDispatch_EndsAtOnceWithActor_OthersGet404_SecondCancelConflicts()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var mine = await SubmitAsync(alice);
        var queued = await SubmitAsync(alice);
        await ApproveAsync(staff, queued);

        AssertProblem(await PostAsync(bob, $"/api/v1/jobs/{mine}/cancel"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal("submitted", (string?)(await JobAsync(alice, mine))["state"]);

        var job = await ActAsync(alice, mine, "cancel", new { reason = "sample cracked" });
        Assert.Equal("cancelled", (string?)job["state"]);
        var last = job["history"]!.AsArray()[^1]!;
        Assert.Equal("user:alice", (string?)last["actor"]);
        Assert.Equal("sample cracked", (string?)last["reason"]);
        Assert.Equal("submitted", (string?)last["from"]);

        job = await ActAsync(staff, queued, "cancel");
        Assert.Equal("cancelled", (string?)job["state"]);
        Assert.Equal("staff:tanaka", (string?)job["history"]!.AsArray()[^1]!["actor"]);
        Assert.Empty((await GetAsync(staff, "/api/v1/jobs?state=queued")).Body!["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(alice, $"/api/v1/jobs/{mine}/cancel")).Status);
        AssertProblem(await PostAsync(alice, "/api/v1/jobs/J-999999/cancel"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Cancel_RunningJob_AbortedOnTheInstrumentWhichThenTakesTheNextJob()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01", timeScale: 50);
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var slow = await SubmitAsync(alice, Scan(dwell: 60)); // 401 points of a minute each: hours, even sped up
        await ApproveAsync(staff, slow);
        await WaitForStateAsync(alice, slow, "running");
        var next = await SubmitAsync(alice, new { instrument = "xrd-01", method = "theta2theta", parameters = new { start = 20, stop = 21, step = 0.5, dwell = 0.01 } });
        await ApproveAsync(staff, next);

        var job = await ActAsync(alice, slow, "cancel", new { reason = "wrong sample loaded" });
        Assert.Equal("running", (string?)job["state"]); // ends when the instrument confirms
        Assert.Contains("abort requested", (string?)job["history"]!.AsArray()[^1]!["reason"], StringComparison.Ordinal);

        // A second cancel is refused: the abort is pending (or, if the instrument was quick, the job is already over).
        var second = await PostAsync(alice, $"/api/v1/jobs/{slow}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Contains((string?)second.Body!["code"], new[] { "abort_pending", "job_finished", "invalid_transition" });

        job = await WaitForStateAsync(alice, slow, "aborted", "cancelled", "failed");
        Assert.Equal("aborted", (string?)job["state"]);
        Assert.Equal("instrument:xrd-01", (string?)job["history"]!.AsArray()[^1]!["actor"]);
        Assert.Equal("xrd-01", (string?)(await WaitForStateAsync(alice, next, "succeeded"))["instrument"]);
    }

    [Fact]
    public async Task Reject_OnlyFromSubmitted_RecordsReason()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var id = await SubmitAsync(alice);
        var approved = await SubmitAsync(alice);
        await ApproveAsync(staff, approved);

        var job = await ActAsync(staff, id, "reject", new { reason = "sample is radioactive" });
        Assert.Equal("rejected", (string?)job["state"]);
        Assert.Equal("sample is radioactive", (string?)job["history"]!.AsArray()[^1]!["reason"]);
        Assert.Equal("rejected", (string?)(await JobAsync(alice, id))["state"]);

        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{approved}/reject"), HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(staff, $"/api/v1/jobs/{id}/approve")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(alice, $"/api/v1/jobs/{id}/cancel")).Status);
    }

    [Fact]
    public async Task Deliver_BeforeSucceeded_409InvalidTransition()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var submitted = await SubmitAsync(alice);
        var queued = await SubmitAsync(alice);
        await ApproveAsync(staff, queued);
        var held = await SubmitAsync(alice);
        await ActAsync(staff, held, "hold");
        var cancelled = await SubmitAsync(alice);
        await ActAsync(alice, cancelled, "cancel");

        foreach (var id in new[] { submitted, queued, held })
        {
            var detail = AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{id}/deliver"), HttpStatusCode.Conflict, "invalid_transition");
            Assert.Contains(id, detail, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(staff, $"/api/v1/jobs/{cancelled}/deliver")).Status);
        Assert.Equal(["submitted"], StatesOf(await JobAsync(alice, submitted)));
        Assert.Equal("queued", (string?)(await JobAsync(alice, queued))["state"]);
    }

    [Fact]
    public async Task Deliver_SucceededJob_ReleasesOnceThenConflicts()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var id = await SubmitAsync(alice);
        await ApproveAsync(staff, id);
        await WaitForStateAsync(staff, id, "succeeded");

        var job = await ActAsync(staff, id, "deliver", new { reason = "data checked" });
        Assert.Equal("delivered", (string?)job["state"]);
        Assert.Equal("data checked", (string?)job["history"]!.AsArray()[^1]!["reason"]);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(staff, $"/api/v1/jobs/{id}/deliver")).Status);
    }

    [Fact]
    public async Task Assign_WrongKindOrUnknown_400_SameKindPinsAndDispatchHonoursIt()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("furnace-01", "tube-furnace");
        await hub.RegisterAsync("xrd-02"); // stays offline
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var kindOnly = new { instrumentKind = "xrd-powder", method = "theta2theta", parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 } };
        var pinned = await SubmitAsync(alice, kindOnly);

        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{pinned}/assign", new { instrument = "furnace-01" }), HttpStatusCode.BadRequest, "kind_mismatch");
        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{pinned}/assign", new { instrument = "xrd-77" }), HttpStatusCode.BadRequest, "unknown_instrument");
        Assert.Null((await JobAsync(staff, pinned))["pinnedInstrument"]);

        var job = await ActAsync(staff, pinned, "assign", new { instrument = "xrd-02", reason = "needs the Ge monochromator" });
        Assert.Equal("xrd-02", (string?)job["pinnedInstrument"]);
        Assert.Contains("xrd-02", (string?)job["history"]!.AsArray()[^1]!["reason"], StringComparison.Ordinal);
        await ApproveAsync(staff, pinned);
        var free = await SubmitAsync(alice, kindOnly);
        await ApproveAsync(staff, free);

        // xrd-01 comes online: it takes the later, unpinned job; the pinned one waits for xrd-02.
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        Assert.Equal("xrd-01", (string?)(await WaitForStateAsync(staff, free, "succeeded"))["instrument"]);
        Assert.Equal("queued", (string?)(await JobAsync(staff, pinned))["state"]);

        // Unpinned, it runs on the free instrument.
        job = await ActAsync(staff, pinned, "assign", new { instrument = (string?)null });
        Assert.Null(job["pinnedInstrument"]);
        Assert.Equal("xrd-01", (string?)(await WaitForStateAsync(staff, pinned, "succeeded"))["instrument"]);
    }

    [Fact]
    public async Task Reorder_PriorityAndFront_ChangeDispatchOrder()
    {
        await using var hub = await TestHub.StartAsync();
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            // Any instrument of the kind; none is registered until the queue is arranged.
            ids.Add(await SubmitAsync(alice, new { instrumentKind = "xrd-powder", method = "theta2theta", parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 } }));
            await ApproveAsync(staff, ids[^1]);
        }

        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{ids[0]}/reorder", new { priority = "urgent" }), HttpStatusCode.BadRequest, "unknown_priority");
        var job = await ActAsync(staff, ids[3], "reorder", new { priority = "high", reason = "beamtime tomorrow" });
        Assert.Equal("high", (string?)job["priority"]);
        Assert.Contains("beamtime tomorrow", (string?)job["history"]!.AsArray()[^1]!["reason"], StringComparison.Ordinal);
        job = await ActAsync(staff, ids[2], "reorder", new { front = true });
        Assert.Equal("normal", (string?)job["priority"]);
        await ActAsync(staff, ids[0], "reorder", new { priority = "low" });

        // Expected order: high (3), then normal moved to the front (2), then normal (1), then low (0).
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        var finished = new List<JsonNode>();
        foreach (var id in ids)
        {
            finished.Add(await WaitForStateAsync(staff, id, "succeeded"));
        }

        var order = finished.OrderBy(j => DispatchedAt(j)).Select(j => (string)j["id"]!).ToList();
        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], order);
        AssertProblem(await PostAsync(staff, $"/api/v1/jobs/{ids[0]}/reorder", new { priority = "high" }), HttpStatusCode.Conflict, "invalid_transition");
    }

    static DateTimeOffset DispatchedAt(JsonNode job) => job["history"]!.AsArray()
        .Where(h => (string?)h!["to"] == "dispatched")
        .Select(h => DateTimeOffset.Parse((string)h!["at"]!, System.Globalization.CultureInfo.InvariantCulture))
        .Single();

    [Fact]
    public async Task Automation_NoPolicy_WaitsForStaffReview()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: null));

        var (status, job) = await PostAsync(bot, "/api/v1/jobs", XrdScan());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("submitted", (string?)job!["state"]);
        var reason = (string?)job["history"]![0]!["reason"];
        Assert.Contains("review", reason, StringComparison.Ordinal);
        Assert.Contains("xrd-01", reason, StringComparison.Ordinal);
    }

    static async Task SetPolicyAsync(HttpClient staff, object policy)
    {
        using var response = await staff.PutAsJsonAsync("/api/v1/instruments/xrd-01/automation-policy", policy, JobKit.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static object XrdPolicy(int quota) => new { autoApprove = true, bounds = new { dwell = new { min = 0.01, max = 1 } }, dailyQuota = quota };

    [Fact]
    public async Task Automation_Policy_InBoundsApprovedByHubUpToQuota_OthersWaitForStaff()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        await hub.CreateAccountAsync("alice", "user");
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice"));
        await SetPolicyAsync(staff, XrdPolicy(quota: 2));

        var (_, job) = await PostAsync(bot, "/api/v1/jobs", Scan(dwell: 0.2));
        Assert.Equal("queued", (string?)job!["state"]);
        Assert.Equal(["submitted", "approved", "queued"], StatesOf(job));
        var approval = job["history"]![1]!;
        Assert.Equal("hub", (string?)approval["actor"]);
        Assert.Equal("alice", (string?)approval["onBehalfOf"]);
        Assert.Null(job["operator"]);

        (_, job) = await PostAsync(bot, "/api/v1/jobs", Scan(dwell: 5));
        Assert.Equal("submitted", (string?)job!["state"]);
        var reason = (string?)job["history"]![0]!["reason"];
        Assert.Contains("review", reason, StringComparison.Ordinal);
        Assert.Contains("dwell", reason, StringComparison.Ordinal);

        (_, job) = await PostAsync(bot, "/api/v1/jobs", Scan(dwell: 1)); // the bound itself is inside
        Assert.Equal("queued", (string?)job!["state"]);

        (_, job) = await PostAsync(bot, "/api/v1/jobs", Scan(dwell: 0.1));
        Assert.Equal("submitted", (string?)job!["state"]);
        Assert.Contains("quota", (string?)job["history"]![0]!["reason"], StringComparison.Ordinal);

        // Staff may still approve what the policy sent to them.
        Assert.Equal("queued", (string?)(await ApproveAsync(staff, (string)job["id"]!))["state"]);

        // Turning auto-approval off sends everything to review again.
        await SetPolicyAsync(staff, new { autoApprove = false });
        (_, job) = await PostAsync(bot, "/api/v1/jobs", Scan(dwell: 0.2));
        Assert.Equal("submitted", (string?)job!["state"]);
    }

    [Fact]
    public async Task Automation_PolicyQuota_BatchApprovesOnlyUpToQuota()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        await hub.CreateAccountAsync("alice", "user");
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice"));
        await SetPolicyAsync(staff, XrdPolicy(quota: 2));

        var (status, batch) = await PostAsync(bot, "/api/v1/jobs/batch", new { jobs = new[] { Scan(0.2), Scan(0.2), Scan(0.2) } });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["queued", "queued", "submitted"], batch!["jobs"]!.AsArray().Select(j => (string?)j!["state"]).ToList());
    }

    [Fact]
    public async Task Automation_PolicyQuota_ConcurrentSubmitsApproveNoMoreThanQuota()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        await hub.CreateAccountAsync("alice", "user");
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice"));
        await SetPolicyAsync(staff, XrdPolicy(quota: 2));

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostAsync(bot, "/api/v1/jobs", Scan(0.2))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        var approvedByHub = answers.Count(a => a.Body!["history"]!.AsArray().Any(h => (string?)h!["to"] == "approved" && (string?)h["actor"] == "hub"));
        Assert.Equal(2, approvedByHub);
        Assert.Equal(2, (await GetAsync(staff, "/api/v1/jobs?state=queued")).Body!["items"]!.AsArray().Count);
    }
}
