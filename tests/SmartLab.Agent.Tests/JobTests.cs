using Microsoft.Extensions.Time.Testing;
using SmartLab.Agent.Jobs;
using SmartLab.Agent.Tests.Infrastructure;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Tests;

public sealed class JobTests
{
    const string Job = "J-000123";

    [Fact]
    public async Task Start_MethodSucceeds_AcceptedRunningProgressSucceeded()
    {
        await using var h = await AgentHarness.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        JobContext? seen = null;
        h.Agent.AddMethod("theta2theta", async (job, abort) =>
        {
            seen = job;
            await job.ReportProgressAsync(0.5, "scanning", "halfway", abort);
            await release.Task.WaitAsync(abort);
            return JobResult.Succeeded("M-1", "M-2");
        });

        await StartJobAsync(h, Job, 1);
        var running = await WaitForStateAsync(h, Job, "running", m => m.Json.TryGetProperty("progress", out var p) && p.GetDouble() == 0.5);
        Assert.Equal("scanning", running.Str("stage"));
        await Eventually.TrueAsync(() => h.Agent.Status == InstrumentStatus.Busy, "status busy");
        Assert.Equal(Job, h.Agent.ActiveJobId);
        release.SetResult();

        var done = await WaitForStateAsync(h, Job, "succeeded");
        Assert.Equal(["M-1", "M-2"], done.Json.GetProperty("measurementIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, done.Json.GetProperty("attempt").GetInt32());

        var states = StatesOf(h, Job);
        Assert.Equal("accepted", states[0]);
        Assert.Equal("running", states[1]);
        Assert.Equal("succeeded", states[^1]);
        Assert.Equal(30, seen!.LeaseSeconds);
        Assert.Equal("S-000045", seen.Sample!.Id);
        Assert.Equal(10, seen.Parameters.GetDouble("start"));
        Assert.Equal("user:alice", seen.RequestedBy);
        Assert.Equal("staff:tanaka", seen.Operator);
        await Eventually.TrueAsync(() => h.Agent.Status == InstrumentStatus.Idle, "status back to idle");
    }

    [Fact]
    public async Task Start_SameJobAndAttemptAgain_RunsOnceAndRepeatsStatus()
    {
        await using var h = await AgentHarness.StartAsync();
        var runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Agent.AddMethod("theta2theta", async (_, abort) =>
        {
            Interlocked.Increment(ref runs);
            await release.Task.WaitAsync(abort);
            return JobResult.Succeeded("M-9");
        });

        await StartJobAsync(h, Job, 1);
        await WaitForStateAsync(h, Job, "running");
        await StartJobAsync(h, Job, 1);
        release.SetResult();
        var done = await WaitForStateAsync(h, Job, "succeeded");

        // After the outcome, a re-sent start (the hub does that after a reconnect) gets the outcome again.
        await StartJobAsync(h, Job, 1);
        await WaitForStateAsync(h, Job, "succeeded", after: done.Index);
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task Abort_RunningJob_CancelsTokenAndReportsAborted()
    {
        await using var h = await AgentHarness.StartAsync();
        var cancelled = false;
        h.Agent.AddMethod("theta2theta", async (_, abort) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, abort);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return JobResult.Succeeded();
        });

        await StartJobAsync(h, Job, 1);
        await WaitForStateAsync(h, Job, "running");
        await h.Hub.PublishRawAsync(Topics.Jobs(h.Id), $$"""{"v":1,"type":"abort","jobId":"{{Job}}","attempt":1,"reason":"cancelled by staff"}""");

        var aborted = await WaitForStateAsync(h, Job, "aborted");
        Assert.True(cancelled);
        Assert.Equal("ABORTED", aborted.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("cancelled by staff", aborted.Json.GetProperty("error").GetProperty("message").GetString());
        await Eventually.TrueAsync(() => h.Agent.ActiveJobId is null, "no active job");
    }

    [Fact]
    public async Task Abort_BeforeStart_LateStartIsNotRun()
    {
        await using var h = await AgentHarness.StartAsync();
        var runs = 0;
        h.Agent.AddMethod("theta2theta", (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(JobResult.Succeeded());
        });

        await h.Hub.PublishRawAsync(Topics.Jobs(h.Id), $$"""{"v":1,"type":"abort","jobId":"{{Job}}","attempt":1}""");
        var aborted = await WaitForStateAsync(h, Job, "aborted");
        await StartJobAsync(h, Job, 1);
        await WaitForStateAsync(h, Job, "aborted", after: aborted.Index);

        Assert.Equal(0, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task Start_MethodThrowsJobFailed_FailedWithItsCode()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Agent.AddMethod("theta2theta", (_, _) => throw new JobFailedException("INTERLOCK_DOOR_OPEN", "the enclosure door is open"));

        await StartJobAsync(h, Job, 1);

        var failed = await WaitForStateAsync(h, Job, "failed");
        Assert.Equal("INTERLOCK_DOOR_OPEN", failed.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Start_UnknownMethod_Failed()
    {
        await using var h = await AgentHarness.StartAsync();

        await StartJobAsync(h, Job, 1, method: "rocketLaunch");

        var failed = await WaitForStateAsync(h, Job, "failed");
        Assert.Equal("UNKNOWN_METHOD", failed.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Start_AnotherJobRunning_SecondFailsBusy()
    {
        await using var h = await AgentHarness.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Agent.AddMethod("theta2theta", async (_, abort) =>
        {
            await release.Task.WaitAsync(abort);
            return JobResult.Succeeded();
        });

        await StartJobAsync(h, Job, 1);
        await WaitForStateAsync(h, Job, "running");
        await StartJobAsync(h, "J-000124", 1);

        var busy = await WaitForStateAsync(h, "J-000124", "failed");
        Assert.Equal("INSTRUMENT_BUSY", busy.Json.GetProperty("error").GetProperty("code").GetString());
        release.SetResult();
        await WaitForStateAsync(h, Job, "succeeded");
    }

    [Fact]
    public async Task Running_LeaseThirtySeconds_HeartbeatAtLeastEveryTenSeconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        await using var h = await AgentHarness.StartAsync(timeProvider: time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Agent.AddMethod("theta2theta", async (_, abort) =>
        {
            await release.Task.WaitAsync(abort);
            return JobResult.Succeeded();
        });

        await StartJobAsync(h, Job, 1);
        var running = await WaitForStateAsync(h, Job, "running");
        for (var beat = 1; beat <= 3; beat++)
        {
            var before = h.Hub.LastIndex;
            time.Advance(TimeSpan.FromSeconds(10));
            var heartbeat = await WaitForStateAsync(h, Job, "running", after: before);
            Assert.True(heartbeat.Json.GetProperty("ts").GetDateTimeOffset() > running.Json.GetProperty("ts").GetDateTimeOffset());
        }

        release.SetResult();
        await WaitForStateAsync(h, Job, "succeeded");
    }

    static Task StartJobAsync(AgentHarness h, string jobId, int attempt, string method = "theta2theta") =>
        h.Hub.PublishRawAsync(Topics.Jobs(h.Id), $$"""
            {"v":1,"type":"start","jobId":"{{jobId}}","attempt":{{attempt}},"method":"{{method}}",
             "parameters":{"start":10,"stop":80,"step":0.02,"dwell":0.5},
             "sample":{"id":"S-000045","name":"LiCoO2 pellet #3"},
             "leaseSeconds":30,"requestedBy":"user:alice","operator":"staff:tanaka"}
            """);

    static Task<ReceivedMessage> WaitForStateAsync(AgentHarness h, string jobId, string state, Func<ReceivedMessage, bool>? match = null, int after = 0) =>
        h.Hub.WaitForTopicAsync(Topics.JobStatus(h.Id, jobId), m => m.Str("state") == state && (match?.Invoke(m) ?? true), after);

    static List<string?> StatesOf(AgentHarness h, string jobId) =>
        [.. h.Hub.Messages.Where(m => m.Topic == Topics.JobStatus(h.Id, jobId)).OrderBy(m => m.Index).Select(m => m.Str("state"))];
}
