using System.Text.Json;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Tests.Commands;

public sealed class JobsCommandsTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    static readonly string[] Scan =
        ["--instrument", HubFixture.Instrument, "--method", "theta2theta", "--param", "start=10", "--param", "stop=20 deg", "--param", "step=0.1[deg]", "--param", "dwell=100 ms"];

    async Task<string> SubmitAsync(params string[] extra)
    {
        var result = await fixture.AsUserAsync(["jobs", "submit", .. Scan, .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Out.Trim();
    }

    [Fact]
    public async Task Submit_ParameterBelowMinimum_ExitsOneNamingTheField()
    {
        var result = await fixture.AsUserAsync("jobs", "submit", "--instrument", HubFixture.Instrument, "--method", "theta2theta",
            "--param", "start=1", "--param", "stop=20", "--param", "step=0.1", "--param", "dwell=1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("field: parameters.start", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Submit_UnitThatDoesNotConvert_ExitsOneNamingTheField()
    {
        var result = await fixture.AsUserAsync(["jobs", "submit", .. Scan, "--param", "tubeVoltage=40 Cel"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("field: parameters.tubeVoltage", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ThenList_ShowsTheJob()
    {
        var id = await SubmitAsync("--notes", "zero-background holder");

        var result = await fixture.AsUserAsync("jobs", "list", "--state", "submitted", "--all-pages");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(id, result.Out, StringComparison.Ordinal);
        Assert.Contains("theta2theta", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_IsAPage()
    {
        var id = await SubmitAsync();

        var result = await fixture.AsUserAsync("jobs", "list", "--json", "--all-pages");

        Assert.True(result.ExitCode == 0, result.ToString());
        var page = JsonSerializer.Deserialize<Page<JobView>>(result.Out, JsonSerializerOptions.Web)!;
        Assert.Contains(page.Items, j => j.Id == id);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task List_UnknownState_ExitsOneNamingTheField()
    {
        var result = await fixture.AsUserAsync("jobs", "list", "--state", "sleeping");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(field: state, code: unknown_state)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Json_ConvertsQuantitiesToTheProfileUnits()
    {
        var result = await fixture.AsUserAsync(["jobs", "submit", .. Scan, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var job = JsonSerializer.Deserialize<JobView>(result.Out, JsonSerializerOptions.Web)!;
        Assert.Equal("submitted", job.State);
        Assert.Equal(0.1, job.Parameters!.Value.GetProperty("dwell").GetDouble(), 6);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_SameJob()
    {
        var first = await SubmitAsync("--idempotency-key", "loop-iteration-17");
        var second = await SubmitAsync("--idempotency-key", "loop-iteration-17");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Submit_YamlBatch_PrintsEveryId()
    {
        var file = fixture.Home.Write($"batch-{Guid.NewGuid():N}.yaml", $"""
            jobs:
              - instrument: {HubFixture.Instrument}
                method: theta2theta
                parameters: {"{"}start: 10, stop: 20, step: 0.1, dwell: 0.1{"}"}
              - instrumentKind: xrd-powder
                method: theta2theta
                parameters:
                  start: 20
                  stop: 30
                  step: {"{"}value: 0.1, unit: deg{"}"}
                  dwell: 0.1
            """);

        var result = await fixture.AsUserAsync("jobs", "submit", "--file", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, ids.Length);
        Assert.All(ids, id => Assert.StartsWith("J-", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_BatchWithOneBadJob_ExitsOneNamingTheJobsField()
    {
        var file = fixture.Home.Write($"batch-{Guid.NewGuid():N}.json", $$$"""
            {"jobs": [
              {"instrument": "{{{HubFixture.Instrument}}}", "method": "theta2theta", "parameters": {"start": 10, "stop": 20, "step": 0.1, "dwell": 0.1}},
              {"instrument": "{{{HubFixture.Instrument}}}", "method": "theta2theta", "parameters": {"start": 10, "stop": 20, "step": 5, "dwell": 0.1}}
            ]}
            """);

        var result = await fixture.AsUserAsync("jobs", "submit", "--file", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("parameters.step", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_PrintsHistory()
    {
        var id = await SubmitAsync();

        var result = await fixture.AsUserAsync("jobs", "show", id);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(id, result.Out, StringComparison.Ordinal);
        Assert.Contains("start=10", result.Out, StringComparison.Ordinal);
        Assert.Contains("submitted", result.Out, StringComparison.Ordinal);
        Assert.Contains("alice", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_SomeoneElsesJob_ExitsOneNotFound()
    {
        var id = await SubmitAsync();
        var bob = await fixture.Hub.CreateAccountAsync($"bob-{Guid.NewGuid():N}"[..12], "user");

        var result = await CliRunner.RunAsync(fixture.Environment(bob), "jobs", "show", id);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ThenWatch_ExitsOneWithTheReason()
    {
        var id = await SubmitAsync();

        var cancel = await fixture.AsUserAsync("jobs", "cancel", id, "--reason", "wrong sample holder");
        var watch = await fixture.AsUserAsync("jobs", "watch", id);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal($"{id}: cancelled", cancel.Out.Trim());
        Assert.Equal(1, watch.ExitCode);
        Assert.Contains($"{id} cancelled", watch.Out, StringComparison.Ordinal);
        Assert.Contains("wrong sample holder", watch.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ByUser_ExitsOne()
    {
        var id = await SubmitAsync();

        var result = await fixture.AsUserAsync("jobs", "approve", id);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: your account's role is not allowed to do this (code: forbidden)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_ByStaff_ThenWatchExitsOne()
    {
        var id = await SubmitAsync();

        var reject = await fixture.AsStaffAsync("jobs", "reject", id, "--reason", "step too coarse for this phase");
        var watch = await fixture.AsUserAsync("jobs", "watch", id);

        Assert.True(reject.ExitCode == 0, reject.ToString());
        Assert.Equal($"{id}: rejected", reject.Out.Trim());
        Assert.Equal(1, watch.ExitCode);
    }

    [Fact]
    public async Task Download_JobWithoutMeasurements_SaysSo()
    {
        var id = await SubmitAsync();

        var result = await fixture.AsUserAsync("jobs", "download", id, "--out", fixture.Home.File(id));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("has no measurements yet", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAmI_NamesTheAccount()
    {
        var result = await fixture.AsUserAsync("whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("alice (user)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_WrongToken_ExitsOnePointingAtTheToken()
    {
        var result = await CliRunner.RunAsync(fixture.Environment(new string('a', 64)), "jobs", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: the hub did not accept the API token", result.Error, StringComparison.Ordinal);
    }
}
