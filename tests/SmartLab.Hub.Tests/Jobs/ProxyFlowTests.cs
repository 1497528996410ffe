using System.Net;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>The technical-proxy service end to end: request, review, sample receipt, run, delivery, download.</summary>
public sealed class ProxyFlowTests
{
    [Fact]
    public async Task ProxyFlow_SubmitApproveReceiveRunDeliver_RequesterDownloadsAndNobodyElseSeesIt()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));

        var (status, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "LiCoO2 pellet #3", composition = "LiCoO2", hazards = new[] { "irritant" } });
        Assert.Equal(HttpStatusCode.Created, status);
        var sampleId = (string)sample!["id"]!;
        Assert.Matches("^S-[0-9]{6}$", sampleId);

        (status, var job) = await PostAsync(alice, "/api/v1/jobs", XrdScan(sampleId));
        Assert.Equal(HttpStatusCode.Created, status);
        var jobId = (string)job!["id"]!;
        Assert.Equal("submitted", (string?)job["state"]);
        Assert.Equal("alice", (string?)job["requester"]);

        // Only staff review; other users do not even see the job or the sample.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(alice, $"/api/v1/jobs/{jobId}/approve")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/jobs/{jobId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/samples/{sampleId}")).Status);

        (status, job) = await PostAsync(staff, $"/api/v1/jobs/{jobId}/approve", new { reason = "parameters fine" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("awaiting-sample", (string?)job!["state"]);
        Assert.Equal("tanaka", (string?)job["operator"]);

        (status, var receipt) = await PostAsync(staff, $"/api/v1/samples/{sampleId.ToLowerInvariant()}/receive");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(jobId, (string?)receipt!["queuedJobs"]![0]);

        job = await WaitForStateAsync(staff, jobId, "succeeded");
        var measurementId = (string)job["measurementIds"]![0]!;

        // Until staff release the results, the requester sees the job but not the data.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(alice, $"/api/v1/measurements/{measurementId}")).Status);
        (status, job) = await PostAsync(staff, $"/api/v1/jobs/{jobId}/deliver");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("delivered", (string?)job!["state"]);

        var (mStatus, measurement) = await GetAsync(alice, $"/api/v1/measurements/{measurementId}");
        Assert.Equal(HttpStatusCode.OK, mStatus);
        Assert.Equal(jobId, (string?)measurement!["jobId"]);
        Assert.Equal(1, (int?)measurement["attempt"]);
        Assert.Equal("alice", (string?)measurement["owner"]);
        Assert.Equal("tanaka", (string?)measurement["operator"]);
        Assert.Equal(sampleId, (string?)measurement["sampleId"]);
        using var csv = await alice.GetAsync($"/api/v1/measurements/{measurementId}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("twoTheta", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/measurements/{measurementId}")).Status);
        Assert.Empty((await GetAsync(bob, "/api/v1/measurements")).Body!["items"]!.AsArray());

        var history = (await JobAsync(alice, jobId))["history"]!.AsArray();
        Assert.Equal(["submitted", "approved", "awaiting-sample", "queued", "dispatched", "running", "succeeded", "delivered"],
            history.Select(h => (string)h!["to"]!).ToList());
        Assert.Equal("user:alice", (string?)history[0]!["actor"]);
        Assert.Equal("staff:tanaka", (string?)history[1]!["actor"]);
        Assert.Equal("parameters fine", (string?)history[1]!["reason"]);
        Assert.Equal("staff:tanaka", (string?)history[3]!["actor"]);
        Assert.Equal("instrument:xrd-01", (string?)history[6]!["actor"]);
        Assert.Equal("staff:tanaka", (string?)history[7]!["actor"]);
    }
}
