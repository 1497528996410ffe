using System.Net;
using System.Net.Sockets;
using SmartLab.Cli.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Commands;

/// <summary>The command line without a hub: help, usage errors, missing token, unreachable hub.</summary>
public sealed class CliTests : IDisposable
{
    const string Token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    readonly TempFolder _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task RunAsync_Help_ListsCommandsAndExitCodes()
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path), "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("jobs", result.Out, StringComparison.Ordinal);
        Assert.Contains("samples", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Out, StringComparison.Ordinal);
        Assert.Contains("SMARTLAB_TOKEN", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoToken_ExitsThreeSayingWhereToPutOne()
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path), "jobs", "list");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: no API token", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HubDown_ExitsTwoNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path, url, Token), "jobs", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot reach the hub at {url}/api/v1/jobs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadParam_ExitsThreeBeforeLookingForAToken()
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path),
            "jobs", "submit", "--instrument", "xrd-01", "--method", "theta2theta", "--param", "start");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--param expects name=value", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FileAndFlagsTogether_ExitsThree()
    {
        var file = _home.Write("job.yaml", "instrument: a\nmethod: m\n");

        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path), "jobs", "submit", "--file", file, "--method", "x");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("leave out --method", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SubmitWithNothingToRun_ExitsThree()
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path), "jobs", "submit");

        Assert.Equal(3, result.ExitCode);
    }

    [Theory]
    [InlineData("jobs", "frobnicate")]
    [InlineData("jobs", "submit", "--priority", "urgent")]
    [InlineData("jobs", "watch")]
    [InlineData("samples", "create")]
    public async Task RunAsync_ParseError_ExitsThree(params string[] args)
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path), args);

        Assert.Equal(3, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task RunAsync_TokenOnlyAsArgument_IsNotAnOption()
    {
        var result = await CliRunner.RunAsync(CliRunner.IsolatedEnvironment(_home.Path), "--token", Token, "jobs", "list");

        Assert.Equal(3, result.ExitCode);
    }

    static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
