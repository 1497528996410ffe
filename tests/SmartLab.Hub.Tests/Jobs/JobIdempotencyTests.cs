using System.Net;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>A retried create with the same Idempotency-Key returns the first result and creates nothing more.</summary>
public sealed class JobIdempotencyTests
{
    const int Concurrent = 16;

    [Fact]
    public async Task SubmitJob_ConcurrentRepeatsOfOneKey_OneJobSameIdEverywhere()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var admin = hub.AdminClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => PostAsync(alice, "/api/v1/jobs", XrdScan(), "scan-42")));

        var ids = answers.Select(a => (string?)a.Body?["id"]).Distinct().ToList();
        Assert.Single(ids);
        Assert.Matches("^J-[0-9]{6}$", ids[0]);
        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(Concurrent - 1, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Single((await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray());

        // A repeat long after the first answer is still the same job.
        var (status, again) = await PostAsync(alice, "/api/v1/jobs", XrdScan(), "scan-42");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ids[0], (string?)again!["id"]);

        // The same key for a different request is the client's mistake, not a repeat.
        var otherScan = new { instrument = "xrd-01", method = "theta2theta", parameters = new { start = 20, stop = 60, step = 0.05, dwell = 0.2 } };
        AssertProblem(await PostAsync(alice, "/api/v1/jobs", otherScan, "scan-42"), (HttpStatusCode)422, "idempotency_key_reused", "Idempotency-Key");

        // Keys belong to their account: bob's "scan-42" is a new job of bob's.
        (status, var bobs) = await PostAsync(bob, "/api/v1/jobs", XrdScan(), "scan-42");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotEqual(ids[0], (string?)bobs!["id"]);
        Assert.Equal("bob", (string?)bobs["requester"]);

        // Without a key, the same body is a new job each time.
        (status, var fresh) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotEqual(ids[0], (string?)fresh!["id"]);
        Assert.Equal(3, (await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task SubmitBatch_ConcurrentRepeatsOfOneKey_OneBatchSameIds()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var admin = hub.AdminClient();
        var batch = new { jobs = new[] { XrdScan(), XrdScan(), XrdScan() } };

        var answers = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => PostAsync(alice, "/api/v1/jobs/batch", batch, "plate-7")));

        var idLists = answers.Select(a => string.Join(",", a.Body!["jobs"]!.AsArray().Select(j => (string)j!["id"]!))).Distinct().ToList();
        Assert.Single(idLists);
        Assert.Equal(3, idLists[0].Split(',').Distinct().Count());
        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(Concurrent - 1, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(3, (await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray().Count);

        AssertProblem(await PostAsync(alice, "/api/v1/jobs/batch", new { jobs = new[] { XrdScan(), XrdScan() } }, "plate-7"),
            (HttpStatusCode)422, "idempotency_key_reused", "Idempotency-Key");

        // A single submit with a key used for a batch is its own request.
        var (status, _) = await PostAsync(alice, "/api/v1/jobs", XrdScan(), "plate-7");
        Assert.Equal(HttpStatusCode.Created, status);
        (status, var bobs) = await PostAsync(bob, "/api/v1/jobs/batch", batch, "plate-7");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.All(bobs!["jobs"]!.AsArray(), j => Assert.Equal("bob", (string?)j!["requester"]));
        Assert.Equal(7, (await GetAsync(admin, "/api/v1/jobs")).Body!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateSample_ConcurrentRepeatsOfOneKey_OneSample()
    {
        await using var hub = await TestHub.StartAsync();
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var admin = hub.AdminClient();
        var body = new { name = "NMC811 powder", composition = "LiNi0.8Mn0.1Co0.1O2" };

        var answers = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => PostAsync(alice, "/api/v1/samples", body, "sample-1")));

        var ids = answers.Select(a => (string?)a.Body?["id"]).Distinct().ToList();
        Assert.Single(ids);
        Assert.Matches("^S-[0-9]{6}$", ids[0]);
        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(Concurrent - 1, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Single((await GetAsync(admin, "/api/v1/samples")).Body!["items"]!.AsArray());

        AssertProblem(await PostAsync(alice, "/api/v1/samples", new { name = "NMC622 powder" }, "sample-1"),
            (HttpStatusCode)422, "idempotency_key_reused", "Idempotency-Key");
        var (status, bobs) = await PostAsync(bob, "/api/v1/samples", body, "sample-1");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("bob", (string?)bobs!["owner"]);
        Assert.NotEqual(ids[0], (string?)bobs["id"]);
        Assert.Equal(2, (await GetAsync(admin, "/api/v1/samples")).Body!["items"]!.AsArray().Count);
    }
}
