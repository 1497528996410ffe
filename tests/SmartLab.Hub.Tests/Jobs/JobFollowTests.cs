using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Following a job: the result long-poll and the server-sent event stream.</summary>
public sealed class JobFollowTests
{
    static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Result_UnfinishedJob_202AfterTheWait_FinishedJob_200AtOnce()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;

        var clock = Stopwatch.StartNew();
        var (status, body) = await GetAsync(alice, $"/api/v1/jobs/{id}/result?waitSeconds=1");
        var waited = clock.Elapsed;
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("submitted", (string?)body!["state"]);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(10));

        (status, body) = await GetAsync(alice, $"/api/v1/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Accepted, status);
        AssertProblem(await GetAsync(alice, $"/api/v1/jobs/{id}/result?waitSeconds=301"), HttpStatusCode.BadRequest, "out_of_range", "waitSeconds");
        AssertProblem(await GetAsync(alice, $"/api/v1/jobs/{id}/result?waitSeconds=-1"), HttpStatusCode.BadRequest, "out_of_range", "waitSeconds");

        // A cancel while someone waits answers the wait at once.
        clock.Restart();
        var poll = GetAsync(alice, $"/api/v1/jobs/{id}/result?waitSeconds=60");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alice, $"/api/v1/jobs/{id}/cancel")).Status);
        (status, body) = await poll;
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", (string?)body!["state"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the wait took {clock.Elapsed}");

        clock.Restart();
        (status, body) = await GetAsync(alice, $"/api/v1/jobs/{id}/result?waitSeconds=60");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", (string?)body!["state"]);
        Assert.NotNull(body["history"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"a finished job took {clock.Elapsed} to answer");
    }

    [Fact]
    public async Task Result_WaitingWhileTheJobRuns_200OnceSucceeded()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;

        var poll = GetAsync(alice, $"/api/v1/jobs/{id}/result?waitSeconds=120");
        await ApproveAsync(staff, id);
        var (status, body) = await poll;
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("succeeded", (string?)body!["state"]); // a user's results wait for staff to deliver them
        Assert.Single(body["measurementIds"]!.AsArray());
    }

    [Fact]
    public async Task Events_SnapshotThenTransitionsAsStaffAct_EndsAfterCancel()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;

        await using var stream = await EventStream.OpenAsync(alice, $"/api/v1/jobs/{id}/events");
        var (name, data) = await stream.NextAsync();
        Assert.Equal("snapshot", name);
        Assert.Equal("snapshot", (string?)data["kind"]);
        Assert.Equal(id, (string?)data["job"]!["id"]);
        Assert.Equal("submitted", (string?)data["job"]!["state"]);
        Assert.Single(data["job"]!["history"]!.AsArray());

        await ApproveAsync(staff, id);
        (name, data) = await stream.NextAsync();
        Assert.Equal("transition", name);
        Assert.Equal("approved", (string?)data["job"]!["state"]);
        Assert.Equal(["submitted", "approved"], StatesOf(data["job"]!));
        (name, data) = await stream.NextAsync();
        Assert.Equal("transition", name);
        Assert.Equal("queued", (string?)data["job"]!["state"]);
        Assert.Equal(["submitted", "approved", "queued"], StatesOf(data["job"]!));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{id}/hold")).Status);
        Assert.Equal("held", (string?)(await stream.NextAsync()).Data["job"]!["state"]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{id}/reorder", new { priority = "high" })).Status);
        (name, data) = await stream.NextAsync();
        Assert.Equal("transition", name);
        Assert.Equal("high", (string?)data["job"]!["priority"]);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alice, $"/api/v1/jobs/{id}/cancel")).Status);
        (name, data) = await stream.NextAsync();
        Assert.Equal("transition", name);
        Assert.Equal("cancelled", (string?)data["job"]!["state"]);
        Assert.True(await stream.EndedAsync(), "the stream goes on after the job was cancelled");

        // A finished job's stream is its snapshot alone.
        await using var after = await EventStream.OpenAsync(alice, $"/api/v1/jobs/{id}/events");
        Assert.Equal("cancelled", (string?)(await after.NextAsync()).Data["job"]!["state"]);
        Assert.True(await after.EndedAsync(), "a finished job's stream did not end");
    }

    [Fact]
    public async Task Events_RunningJob_TransitionsInOrderUntilDelivered()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01", timeScale: 500);
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;

        await using var stream = await EventStream.OpenAsync(alice, $"/api/v1/jobs/{id}/events");
        Assert.Equal("snapshot", (await stream.NextAsync()).Event);
        await ApproveAsync(staff, id);
        var states = new List<string>();
        var kinds = new HashSet<string>();
        while (states.LastOrDefault() != "succeeded")
        {
            var (name, data) = await stream.NextAsync();
            kinds.Add(name);
            if (name == "transition")
            {
                states.Add((string)data["job"]!["state"]!);
            }
            else
            {
                Assert.Equal("progress", name);
                Assert.Equal("running", (string?)data["job"]!["state"]);
            }
        }

        Assert.Equal(["approved", "queued", "dispatched", "running", "succeeded"], states);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{id}/deliver")).Status);
        Assert.Equal("delivered", (string?)(await stream.NextAsync()).Data["job"]!["state"]);
        Assert.True(await stream.EndedAsync(), "the stream goes on after delivery");
    }

    /// <summary>A minimal reader of <c>text/event-stream</c>.</summary>
    sealed class EventStream : IAsyncDisposable
    {
        readonly HttpResponseMessage _response;
        readonly StreamReader _reader;

        EventStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<EventStream> OpenAsync(HttpClient client, string path)
        {
            var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        /// <summary>The next event, or a failure if none comes in time or the stream ends.</summary>
        public async Task<(string Event, JsonNode Data)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(EventTimeout);
            string? name = null;
            string? data = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new Xunit.Sdk.XunitException("the event stream ended");
                if (line.Length == 0 && data is not null)
                {
                    return (name ?? "message", JsonNode.Parse(data)!);
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }
        }

        /// <summary>True when the server closes the stream without another event.</summary>
        public async Task<bool> EndedAsync()
        {
            using var timeout = new CancellationTokenSource(EventTimeout);
            var line = await _reader.ReadLineAsync(timeout.Token);
            return line is null;
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
