using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Simulators;

namespace SmartLab.Cli.Tests.Commands;

/// <summary>Staff operate a simulated tube furnace on a real hub through the CLI only: leases, commands, interlocks, live telemetry.</summary>
public sealed class RemoteOperationTests : IAsyncLifetime
{
    const string Furnace = "furnace-01";

    readonly TempFolder _home = new();
    TestHub _hub = null!;
    SimulatorAgent _furnace = null!;
    Dictionary<string, string?> _sam = null!;
    Dictionary<string, string?> _kim = null!;

    string LeaseFile => Path.Combine(_home.Path, ".config", "smartlab", "leases.json");

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        var secret = await _hub.RegisterAsync(Furnace, "tube-furnace");
        _furnace = SimulatorCatalog.Create("tube-furnace", new AgentOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = _hub.MqttPort,
            InstrumentId = Furnace,
            Secret = secret,
            StateDirectory = Path.Combine(_hub.DataDirectory, "agents", Furnace),
        }, new SimulatorOptions { TimeScale = 50, Seed = 7, TelemetryInterval = TimeSpan.FromMilliseconds(100) }, NullLoggerFactory.Instance, TimeProvider.System);
        await _furnace.StartAsync(CancellationToken.None);
        using var admin = _hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>($"/api/v1/instruments/{Furnace}", HubJson.Options))!.Online, $"{Furnace} online");

        // Two staff members on the same machine (same home folder, so the same lease file).
        _sam = Environment(await _hub.CreateAccountAsync("sam", "staff"));
        _kim = Environment(await _hub.CreateAccountAsync("kim", "staff"));
    }

    public async Task DisposeAsync()
    {
        await _furnace.DisposeAsync();
        await _hub.DisposeAsync();
        _home.Dispose();
    }

    Dictionary<string, string?> Environment(string token) => CliRunner.IsolatedEnvironment(_home.Path, _hub.BaseAddress.ToString(), token);

    static async Task<string> Succeed(IDictionary<string, string?> environment, params string[] args)
    {
        var result = await CliRunner.RunAsync(environment, args);
        Assert.True(result.ExitCode == 0, $"smartlab {string.Join(' ', args)}\n{result}");
        return result.Out;
    }

    static async Task<CliResult> Fail(IDictionary<string, string?> environment, params string[] args)
    {
        var result = await CliRunner.RunAsync(environment, args);
        Assert.True(result.ExitCode == 1, $"smartlab {string.Join(' ', args)}: expected exit code 1\n{result}");
        Assert.Empty(result.Out);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        return result;
    }

    [Fact]
    public async Task AcquireCommandRelease_InterlocksAndLimitsHold()
    {
        var acquired = await Succeed(_sam, "control", "acquire", Furnace, "--purpose", "sintering test", "--duration", "600");
        Assert.Contains($"{Furnace}: lease ", acquired, StringComparison.Ordinal);
        Assert.Contains("held by sam for \"sintering test\" until ", acquired, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LeaseFile));
        }

        var listed = await Succeed(_sam, "instruments", "list");
        Assert.Contains("sam until ", listed, StringComparison.Ordinal);

        // The stored lease is sent without being named.
        var set = await Succeed(_sam, "control", "cmd", Furnace, "setSetpoint", "--param", "temperature=300");
        Assert.StartsWith($"setSetpoint on {Furnace}: completed in ", set, StringComparison.Ordinal);
        Assert.Contains("\"temperature\": 300", set, StringComparison.Ordinal);

        var tooHot = await Fail(_sam, "control", "cmd", Furnace, "setSetpoint", "--param", "temperature=5000");
        Assert.Contains("field: parameters.temperature, code: above_maximum", tooHot.Error, StringComparison.Ordinal);
        Assert.Contains("1200", tooHot.Error, StringComparison.Ordinal);

        // Kim's token never picks up Sam's lease from the shared file.
        var notKims = await Fail(_kim, "control", "cmd", Furnace, "setSetpoint", "--param", "temperature=300");
        Assert.Contains("code: lease_not_yours", notKims.Error, StringComparison.Ordinal);
        Assert.Contains("sam", notKims.Error, StringComparison.Ordinal);

        // An emergency stop needs no lease.
        var stopped = await Succeed(_kim, "control", "cmd", Furnace, "emergencyStop");
        Assert.StartsWith($"emergencyStop on {Furnace}: completed", stopped, StringComparison.Ordinal);

        Assert.Contains("(yours, stored here)", await Succeed(_sam, "control", "status", Furnace), StringComparison.Ordinal);
        Assert.Contains("(held already, renewed)", await Succeed(_sam, "control", "acquire", Furnace), StringComparison.Ordinal);
        Assert.Contains("(renewed)", await Succeed(_sam, "control", "renew", Furnace, "--duration", "900"), StringComparison.Ordinal);

        Assert.Contains("released", await Succeed(_sam, "control", "release", Furnace), StringComparison.Ordinal);
        Assert.DoesNotContain(Furnace, await File.ReadAllTextAsync(LeaseFile), StringComparison.Ordinal);
        Assert.Equal($"{Furnace}: no lease", (await Succeed(_sam, "control", "status", Furnace)).Trim());

        var released = await Fail(_sam, "control", "cmd", Furnace, "setSetpoint", "--param", "temperature=300");
        Assert.Contains("code: lease_required", released.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_HeldByAnother_ExitsOneNamingTheHolder()
    {
        await Succeed(_sam, "control", "acquire", Furnace);

        var taken = await Fail(_kim, "control", "acquire", Furnace);

        Assert.Contains("code: lease_held", taken.Error, StringComparison.Ordinal);
        Assert.Contains("sam", taken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseBreak_ByAdmin_EndsTheLeaseAndItsHolderIsToldSo()
    {
        await Succeed(_sam, "control", "acquire", Furnace, "--json");
        var admin = Environment(_hub.AdminToken);

        Assert.Equal($"{Furnace}: lease broken", (await Succeed(admin, "control", "release", Furnace, "--break")).Trim());

        // Sam's stored lease is now dead: the hub says so once, and the CLI forgets it.
        var expired = await Fail(_sam, "control", "cmd", Furnace, "setSetpoint", "--param", "temperature=300");
        Assert.Contains("code: lease_expired", expired.Error, StringComparison.Ordinal);
        var required = await Fail(_sam, "control", "cmd", Furnace, "setSetpoint", "--param", "temperature=300");
        Assert.Contains("code: lease_required", required.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_Json_IsTheLeaseView()
    {
        var lease = JsonSerializer.Deserialize<LeaseView>(await Succeed(_sam, "control", "acquire", Furnace, "--json"), HubJson.Options)!;

        Assert.Equal(Furnace, lease.InstrumentId);
        Assert.Equal("sam", lease.Holder);
        Assert.Contains(lease.LeaseId, await File.ReadAllTextAsync(LeaseFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cmd_Json_IsTheCommandResult()
    {
        await Succeed(_sam, "control", "acquire", Furnace);

        var result = JsonSerializer.Deserialize<CommandResultView>(
            await Succeed(_sam, "control", "cmd", Furnace, "setGasFlow", "--param", "flow=200", "--param", "gas=Ar", "--json"), HubJson.Options)!;

        Assert.Equal("completed", result.Status);
        Assert.Equal("Ar", result.Result!.Value.GetProperty("gas").GetString());
        Assert.True(result.LatencyMs >= 0);
    }

    [Fact]
    public async Task InstrumentsWatch_Count_PrintsThatManyReadings()
    {
        var result = await CliRunner.RunAsync(_sam, "instruments", "watch", Furnace, "--count", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^\d\d:\d\d:\d\d  temperature=-?[\d.]+ Cel  setpoint=[\d.]+ Cel  heaterPower=[\d.]+ %  gasFlow=[\d.]+ mL/min  doorClosed=(true|false)$", line));
    }

    [Fact]
    public async Task InstrumentsWatch_Seconds_StopsByItself()
    {
        var result = await CliRunner.RunAsync(_sam, "instruments", "watch", Furnace, "--seconds", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("temperature=", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstrumentsList_Json_ShowsTheFurnaceOnline()
    {
        var page = JsonSerializer.Deserialize<Page<InstrumentView>>(await Succeed(_sam, "instruments", "list", "--json"), HubJson.Options)!;

        var furnace = Assert.Single(page.Items, i => i.Id == Furnace);
        Assert.True(furnace.Online);
        Assert.Equal("tube-furnace", furnace.Profile);
    }
}
