using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Hub.Tests.Protocol;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Leased dispatch: a vanished agent loses its attempt, the job runs again elsewhere, late results are fenced off.</summary>
public sealed class JobLeaseTests
{
    static object Status(int attempt, string state, params string[] measurementIds) => new
    {
        v = 1, attempt, state, progress = state == "succeeded" ? 1.0 : 0.3, ts = RawAgent.Now(),
        measurementIds = measurementIds.Length == 0 ? null : measurementIds,
    };

    static JsonNode JobMeasurement(string measurementId, string jobId, int attempt)
    {
        var node = JsonSerializer.SerializeToNode(PlainAgentTests.Measurement(measurementId))!;
        node["jobId"] = jobId;
        node["attempt"] = attempt;
        node["parameters"] = JsonNode.Parse("""{"start":20,"stop":40,"step":0.05,"dwell":0.2}""");
        return node;
    }

    static Task<JsonNode> StartOf(RawAgent agent, string jobId, int attempt) =>
        agent.WaitForAsync("jobs", m => (string?)m["type"] == "start" && (string?)m["jobId"] == jobId && (int?)m["attempt"] == attempt,
            TimeSpan.FromSeconds(30));

    [Fact]
    public async Task AgentKilledMidJob_JobRunsAgainElsewhere_LateResultOfOldAttemptIsRejected()
    {
        await using var hub = await TestHub.StartAsync();
        var secretA = await hub.RegisterAsync("xrd-a");
        var secretB = await hub.RegisterAsync("xrd-b");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var a = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-a", secretA, session: 1);

        var (status, job) = await PostAsync(staff, "/api/v1/jobs", new
        {
            instrumentKind = "xrd-powder", method = "theta2theta", parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var jobId = (string)job!["id"]!;
        var start = await StartOf(a, jobId, 1);
        Assert.Equal("staff:tanaka", (string?)start["operator"]);
        await a.PublishJsonAsync($"jobs/{jobId}/status", Status(1, "running"));
        await WaitForStateAsync(staff, jobId, "running");

        await using var b = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-b", secretB, session: 1);
        a.Kill(); // the will reports xrd-a offline: attempt 1 is lost

        await StartOf(b, jobId, 2);
        job = await WaitForStateAsync(staff, jobId, "dispatched");
        Assert.Equal("xrd-b", (string?)job["instrument"]);
        Assert.Equal(2, (int?)job["attempt"]);

        // xrd-a comes back and reports what its old attempt produced: refused, and the job is not disturbed.
        await using var late = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-a", secretA, session: 2);
        await late.PublishJsonAsync("measurements", JobMeasurement("M-late", jobId, 1));
        var refused = await late.WaitForAckAsync("measurement", "M-late");
        Assert.Equal("rejected", (string?)refused["status"]);
        Assert.Equal("job_not_running", (string?)refused["error"]!["code"]);
        await late.PublishJsonAsync($"jobs/{jobId}/status", Status(1, "succeeded", "M-late"));

        await b.PublishJsonAsync($"jobs/{jobId}/status", Status(2, "running"));
        await b.PublishJsonAsync("measurements", JobMeasurement("M-b", jobId, 2));
        Assert.Equal("stored", (string?)(await b.WaitForAckAsync("measurement", "M-b"))["status"]);
        await b.PublishJsonAsync($"jobs/{jobId}/status", Status(2, "succeeded", "M-b"));

        job = await WaitForStateAsync(staff, jobId, "delivered");
        Assert.Equal(["M-b"], job["measurementIds"]!.AsArray().Select(m => (string)m!).ToList());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(staff, "/api/v1/measurements/M-late")).Status);
        var (_, m) = await GetAsync(staff, "/api/v1/measurements/M-b");
        Assert.Equal(2, (int?)m!["attempt"]);
        Assert.Equal("tanaka", (string?)m["operator"]);

        // Never on two instruments at once: each dispatch follows the end (loss or outcome) of the attempt before it.
        var history = job["history"]!.AsArray();
        var states = StatesOf(job);
        Assert.Equal(["submitted", "approved", "queued", "dispatched", "running", "queued", "dispatched", "running", "succeeded", "delivered"], states);
        Assert.Contains("xrd-a went offline", (string?)history[5]!["reason"], StringComparison.Ordinal);
        Assert.Equal("hub", (string?)history[5]!["actor"]);
    }

    [Fact]
    public async Task SilentAgent_LeaseExpires_JobRequeuedThenFailsAfterMaxAttempts_LateStatusIgnored()
    {
        await using var hub = await TestHub.StartAsync(null, "--SmartLab:Jobs:LeaseSeconds=3", "--SmartLab:Jobs:MaxAttempts=2");
        var secret = await hub.RegisterAsync("xrd-s");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-s", secret, session: 1);

        var (_, job) = await PostAsync(staff, "/api/v1/jobs", XrdScan(instrument: "xrd-s"));
        var jobId = (string)job!["id"]!;
        var start = await StartOf(agent, jobId, 1);
        Assert.Equal(3, (int?)start["leaseSeconds"]);
        await agent.PublishJsonAsync($"jobs/{jobId}/status", Status(1, "accepted"));

        // No further status: the lease runs out, the hub tells the agent to stop attempt 1 and dispatches attempt 2.
        await agent.WaitForAsync("jobs", m => (string?)m["type"] == "abort" && (int?)m["attempt"] == 1, TimeSpan.FromSeconds(30));
        await StartOf(agent, jobId, 2);
        await agent.PublishJsonAsync($"jobs/{jobId}/status", Status(1, "succeeded"));

        job = await WaitForStateAsync(staff, jobId, "failed");
        Assert.Equal("AGENT_LOST", (string?)job["error"]!["code"]);
        Assert.Contains("lease expired", (string?)job["error"]!["message"], StringComparison.Ordinal);
        Assert.Contains("2 of 2", (string?)job["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(["submitted", "approved", "queued", "dispatched", "queued", "dispatched", "failed"], StatesOf(job));
        Assert.Empty(job["measurementIds"]!.AsArray());
    }
}
