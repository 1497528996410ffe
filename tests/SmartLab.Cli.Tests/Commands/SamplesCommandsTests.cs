using System.Text.Json;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Tests.Commands;

public sealed class SamplesCommandsTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    async Task<string> CreateSampleAsync(params string[] extra)
    {
        var result = await fixture.AsUserAsync(["samples", "create", "--name", "LiCoO2 powder, batch 7", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Out.Trim();
    }

    [Fact]
    public async Task Create_ThenLabel_SavesAPng()
    {
        var id = await CreateSampleAsync("--composition", "LiCoO2", "--hazard", "H317", "--hazard", "H350i");
        var path = fixture.Home.File($"{id}-label.png");

        var result = await fixture.AsUserAsync("samples", "label", id, "--out", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(path, result.Out.Trim());
        Assert.Equal(PngSignature, (await File.ReadAllBytesAsync(path))[..8]);
    }

    [Fact]
    public async Task Create_Json_PrintsTheSampleWithHazards()
    {
        var result = await fixture.AsUserAsync("samples", "create", "--name", "NaCl reference", "--hazard", "none known", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sample = JsonSerializer.Deserialize<SampleView>(result.Out, JsonSerializerOptions.Web)!;
        Assert.Equal("NaCl reference", sample.Name);
        Assert.Equal(["none known"], sample.Hazards);
        Assert.Equal("alice", sample.Owner);
    }

    [Fact]
    public async Task Create_SameIdempotencyKey_SameSample()
    {
        var first = await CreateSampleAsync("--idempotency-key", "sample-key-1");
        var second = await CreateSampleAsync("--idempotency-key", "sample-key-1");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Create_ShareWithUnknownAccount_ExitsOneNamingTheField()
    {
        var result = await fixture.AsUserAsync("samples", "create", "--name", "x", "--share", "nobody-here");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: account `nobody-here` does not exist (field: sharedWith, code: unknown_account)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsTheUsersSamples()
    {
        var id = await CreateSampleAsync();

        var result = await fixture.AsUserAsync("samples", "list", "--all-pages");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(id, result.Out, StringComparison.Ordinal);
        Assert.Contains("LiCoO2 powder, batch 7", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_ByStaff_ReleasesWaitingJobs()
    {
        var id = await CreateSampleAsync();
        var submit = await fixture.AsUserAsync("jobs", "submit", "--instrument", HubFixture.Instrument, "--method", "theta2theta",
            "--param", "start=10", "--param", "stop=20", "--param", "step=0.1", "--param", "dwell=0.1", "--sample", id);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var approve = await fixture.AsStaffAsync("jobs", "approve", submit.Out.Trim());
        Assert.Contains("awaiting-sample", approve.Out, StringComparison.Ordinal);

        var result = await fixture.AsStaffAsync("samples", "receive", id);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{id} received", result.Out, StringComparison.Ordinal);
        Assert.Contains(submit.Out.Trim(), result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_ByUser_ExitsOne()
    {
        var id = await CreateSampleAsync();

        var result = await fixture.AsUserAsync("samples", "receive", id);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }
}
