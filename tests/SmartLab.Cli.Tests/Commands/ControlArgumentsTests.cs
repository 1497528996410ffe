using SmartLab.Cli.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Commands;

/// <summary>The remote-operation commands' arguments, checked before anything is sent (no hub, often no token).</summary>
public sealed class ControlArgumentsTests : IDisposable
{
    const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    readonly TempFolder _home = new();

    public void Dispose() => _home.Dispose();

    Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path, "http://127.0.0.1:9", Token), args);

    [Fact]
    public async Task Help_ListsInstrumentsAndControl()
    {
        var result = await RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("instruments", result.Out, StringComparison.Ordinal);
        Assert.Contains("control", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlHelp_ListsItsCommands()
    {
        var result = await RunAsync("control", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "acquire", "status", "renew", "release", "cmd" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cmd_BadParam_ExitsThreeBeforeLookingForAToken()
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path),
            "control", "cmd", "furnace-01", "setSetpoint", "--param", "temperature");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--param expects name=value", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cmd_MissingCommandName_ExitsThree()
    {
        var result = await RunAsync("control", "cmd", "furnace-01");

        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Renew_NothingStored_ExitsThreeSayingHowToGetALease()
    {
        var result = await RunAsync("control", "renew", "furnace-01");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("smartlab control acquire furnace-01", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home.Path, ".config", "smartlab", "leases.json"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_BreakWithLease_ExitsThree()
    {
        var result = await RunAsync("control", "release", "furnace-01", "--break", "--lease", "abc");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--break", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--count", "-2")]
    [InlineData("--seconds", "0")]
    [InlineData("--seconds", "-1")]
    [InlineData("--count", "many")]
    public async Task Watch_BadLimit_ExitsThree(string option, string value)
    {
        var result = await RunAsync("instruments", "watch", "furnace-01", option, value);

        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Acquire_DurationNotANumber_ExitsThree()
    {
        var result = await RunAsync("control", "acquire", "furnace-01", "--duration", "five");

        Assert.Equal(3, result.ExitCode);
    }
}
