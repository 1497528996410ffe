using System.Text.RegularExpressions;
using SmartLab.Cli.Http;
using SmartLab.Cli.Jobs;
using SmartLab.Cli.Output;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Tests.Jobs;

public class JobWatcherTests
{
    const string Events = "/api/v1/jobs/J-000007/events";
    static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    static JobView Job(string state, int minute, double? progress = null, string? stage = null, JobErrorView? error = null,
        IReadOnlyList<JobTransitionView>? history = null, IReadOnlyList<string>? measurements = null) => new()
    {
        Id = "J-000007",
        State = state,
        Instrument = "xrd-01",
        Method = "theta2theta",
        Requester = "alice",
        SampleId = "S-000045",
        Progress = progress,
        Stage = stage,
        Error = error,
        History = history,
        MeasurementIds = measurements ?? [],
        UpdatedAt = Start.AddMinutes(minute),
    };

    static async Task<(int Code, string Out)> WatchAsync(StubHub stub)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var hub = new HubClient(new Uri("http://hub.test"), "token", TimeProvider.System, stub);
        var console = new CliConsole(output, error, interactive: false, new Dictionary<string, string?>());
        var code = await new JobWatcher(hub, console, UtcTime.Instance).WatchAsync("J-000007", CancellationToken.None);
        return (code, output.ToString());
    }

    static readonly JobTransitionView[] UntilQueued =
    [
        new(Start, null, "submitted", "user:alice", null, null, 0),
        new(Start, "submitted", "approved", "staff:sam", null, "parameters fine", 0),
        new(Start, "approved", "queued", "staff:sam", null, null, 0),
    ];

    static readonly JobTransitionView[] UntilRunning =
    [
        .. UntilQueued,
        new(Start.AddMinutes(1), "queued", "dispatched", "hub", null, "attempt 1 on xrd-01", 1),
        new(Start.AddMinutes(1), "dispatched", "running", "instrument:xrd-01", null, null, 1),
    ];

    static JobTransitionView[] Then(JobTransitionView[] history, int minute, string from, string to, string actor, string? reason = null) =>
        [.. history, new(Start.AddMinutes(minute), from, to, actor, null, reason, 1)];

    [Fact]
    public async Task WatchAsync_JobSucceeds_PrintsEveryTransitionAndTenthsThenExitsZero()
    {
        var succeeded = Then(UntilRunning, 4, "running", "succeeded", "instrument:xrd-01");
        var stub = new StubHub().OnEvents(Events,
            ("snapshot", Job("queued", 0, history: UntilQueued)),
            ("transition", Job("running", 1, history: UntilRunning)),
            ("progress", Job("running", 2, 0.05, "scanning")),
            ("progress", Job("running", 2, 0.07, "scanning")),
            ("progress", Job("running", 3, 0.52, "scanning")),

            // Delivery follows at once: the event may already show the later state, the history still tells both steps.
            ("transition", Job("delivered", 4, 1, history: Then(succeeded, 4, "succeeded", "delivered", "hub", "results released"), measurements: ["01JD7M"])));

        var (code, output) = await WatchAsync(stub);

        Assert.Equal(0, code);
        Assert.Equal(
            """
            J-000007: theta2theta on xrd-01, sample S-000045, state queued
            10:01:00  queued -> dispatched (by hub: "attempt 1 on xrd-01")
            10:01:00  dispatched -> running (by instrument:xrd-01)
            hh:mm:ss  running 5% (scanning)
            hh:mm:ss  running 52% (scanning)
            10:04:00  running -> succeeded (by instrument:xrd-01)
            10:04:00  succeeded -> delivered (by hub: "results released")
            J-000007 delivered with 1 measurement; fetch with: smartlab jobs download J-000007

            """.ReplaceLineEndings(), Regex.Replace(output, @"^\d\d:\d\d:\d\d(?=  running \d+%)", "hh:mm:ss", RegexOptions.Multiline));
    }

    [Fact]
    public async Task WatchAsync_EventsWithoutHistory_ComparesStates()
    {
        var stub = new StubHub().OnEvents(Events, ("snapshot", Job("queued", 0)), ("transition", Job("succeeded", 4)));

        var (code, output) = await WatchAsync(stub);

        Assert.Equal(0, code);
        Assert.Contains("10:04:00  queued -> succeeded", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_JobFails_PrintsTheErrorAndExitsOne()
    {
        var stub = new StubHub().OnEvents(Events,
            ("snapshot", Job("running", 0, 0.3, history: UntilRunning)),
            ("transition", Job("failed", 1, error: new JobErrorView("interlock", "enclosure door opened during the scan"),
                history: Then(UntilRunning, 1, "running", "failed", "instrument:xrd-01"))));

        var (code, output) = await WatchAsync(stub);

        Assert.Equal(1, code);
        Assert.Contains("10:01:00  running -> failed (by instrument:xrd-01)", output, StringComparison.Ordinal);
        Assert.EndsWith("J-000007 failed: enclosure door opened during the scan (interlock)" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_Rejected_PrintsTheStaffReason()
    {
        var stub = new StubHub().OnEvents(Events,
            ("snapshot", Job("submitted", 0, history: UntilQueued[..1])),
            ("transition", Job("rejected", 1, history: Then(UntilQueued[..1], 1, "submitted", "rejected", "staff:sam", "step too coarse"))));

        var (code, output) = await WatchAsync(stub);

        Assert.Equal(1, code);
        Assert.EndsWith("J-000007 rejected (by staff:sam: \"step too coarse\")" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("rejected")]
    [InlineData("aborted")]
    public async Task WatchAsync_AlreadyEndedBadly_ExitsOneAtOnce(string state)
    {
        var (code, output) = await WatchAsync(new StubHub().OnEvents(Events, ("snapshot", Job(state, 0))));

        Assert.Equal(1, code);
        Assert.Contains($"J-000007 {state}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_AlreadyDelivered_ExitsZero() =>
        Assert.Equal(0, (await WatchAsync(new StubHub().OnEvents(Events, ("snapshot", Job("delivered", 0))))).Code);

    [Fact]
    public async Task WatchAsync_StreamEndsWhileRunning_ReconnectsAndShowsWhatWasMissed()
    {
        var stub = new StubHub()
            .OnEvents(Events, ("snapshot", Job("running", 0, 0.1, history: UntilRunning)))
            .OnEvents(Events, ("snapshot", Job("succeeded", 2, 1, history: Then(UntilRunning, 2, "running", "succeeded", "instrument:xrd-01"))));

        var (code, output) = await WatchAsync(stub);

        Assert.Equal(0, code);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Contains("10:02:00  running -> succeeded", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_UnknownJob_HubProblem()
    {
        var error = await Assert.ThrowsAsync<HubProblemException>(() => WatchAsync(new StubHub()));

        Assert.Contains("nothing at", error.Message, StringComparison.Ordinal);
    }
}
