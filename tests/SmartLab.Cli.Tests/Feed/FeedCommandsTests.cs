using System.Text.Json;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Feed;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Feed;

/// <summary><c>smartlab feed status</c> and <c>feed retry</c> against a real hub whose HTTP sink refuses, then accepts.</summary>
public sealed class FeedCommandsTests : IAsyncLifetime
{
    readonly TempFolder _home = new();
    RecordingServer _server = null!;
    TestHub _hub = null!;
    string _staff = "";
    string _user = "";

    public async Task InitializeAsync()
    {
        _server = await RecordingServer.StartAsync();
        _server.Answer = _ => 422;
        _hub = await TestHub.StartAsync(null, "--SmartLab:Feed:Sinks:0:Type=http", "--SmartLab:Feed:Sinks:0:Name=platform",
            $"--SmartLab:Feed:Sinks:0:Url={_server.Url}");
        _staff = await _hub.CreateAccountAsync("sam", "staff");
        _user = await _hub.CreateAccountAsync("alice", "user");
        var secret = await _hub.RegisterAsync("xrd-feed");
        await using var agent = await RawAgent.ConnectAsync(_hub.MqttPort, "xrd-feed", secret);
        foreach (var id in new[] { "M-c1", "M-c2" })
        {
            await agent.PublishJsonAsync("measurements", Measurement(id));
            await agent.WaitForAckAsync("measurement", id);
        }

        await Eventually.TrueAsync(() => _server.Received.Count == 2, "both records refused once");
    }

    static object Measurement(string id) => new
    {
        v = 1, measurementId = id, method = "theta2theta", startedAt = RawAgent.Now(), endedAt = RawAgent.Now(),
        instrument = new { calibration = new { id = "CAL-1", date = "2026-01-01" } },
    };

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _server.DisposeAsync();
        _home.Dispose();
    }

    Task<CliResult> RunAsync(string token, params string[] args) =>
        CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path, _hub.BaseAddress.ToString(), token), args);

    async Task<FeedOverview> StatusAsync()
    {
        var result = await RunAsync(_staff, "feed", "status", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonSerializer.Deserialize<FeedOverview>(result.Out, JsonSerializerOptions.Web)!;
    }

    [Fact]
    public async Task Status_ShowsFailingRecordsWithTheLastError()
    {
        await Eventually.TrueAsync(async () => (await StatusAsync()).Failing == 2, "both failing");

        var result = await RunAsync(_staff, "feed", "status", "--status", "failing");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("pending 0, failing 2, delivered 0", result.Out);
        Assert.Contains("platform", result.Out);
        Assert.Contains("M-c1", result.Out);
        Assert.Contains("answered 422", result.Out);
    }

    [Fact]
    public async Task Retry_OneThenAllFailing_DeliversEverything()
    {
        await Eventually.TrueAsync(async () => (await StatusAsync()).Failing == 2, "both failing");
        _server.Answer = _ => 200;

        var one = await RunAsync(_staff, "feed", "retry", "M-c1");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal("scheduled now: M-c1", one.Out.Trim());
        await Eventually.TrueAsync(async () => (await StatusAsync()).Delivered == 1, "M-c1 delivered");

        var all = await RunAsync(_staff, "feed", "retry", "--all-failing");
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal("scheduled now: M-c2", all.Out.Trim());
        await Eventually.TrueAsync(async () => (await StatusAsync()).Delivered == 2, "both delivered");

        var again = await RunAsync(_staff, "feed", "retry", "M-c1");
        Assert.Equal(ExitCodes.Failed, again.ExitCode);
        Assert.Contains("already_delivered", again.Error);
    }

    [Fact]
    public async Task Retry_UnknownRecordOrNoArguments_ClearErrors()
    {
        var unknown = await RunAsync(_staff, "feed", "retry", "M-none");
        Assert.Equal(ExitCodes.Failed, unknown.ExitCode);
        Assert.Contains("feed record `M-none` does not exist", unknown.Error);

        var neither = await RunAsync(_staff, "feed", "retry");
        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
        Assert.Contains("give either a record id or --all-failing", neither.Error);
    }

    [Fact]
    public async Task Status_AsUser_Forbidden()
    {
        var result = await RunAsync(_user, "feed", "status");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.StartsWith("error:", result.Error, StringComparison.Ordinal);
    }
}
