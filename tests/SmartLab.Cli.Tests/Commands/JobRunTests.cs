using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Simulators;

namespace SmartLab.Cli.Tests.Commands;

/// <summary>A whole proxy job through the CLI only: a simulated XRD runs it on a real hub.</summary>
public sealed class JobRunTests : IAsyncLifetime
{
    const string Instrument = "xrd-run";

    readonly TempFolder _home = new();
    TestHub _hub = null!;
    SimulatorAgent _xrd = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        var secret = await _hub.RegisterAsync(Instrument, "xrd-powder");
        _xrd = SimulatorCatalog.Create("xrd-powder", new AgentOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = _hub.MqttPort,
            InstrumentId = Instrument,
            Secret = secret,
            StateDirectory = Path.Combine(_hub.DataDirectory, "agents", Instrument),
        }, new SimulatorOptions { TimeScale = 5000, Seed = 3 }, NullLoggerFactory.Instance, TimeProvider.System);
        await _xrd.StartAsync(CancellationToken.None);
        using var admin = _hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>($"/api/v1/instruments/{Instrument}", HubJson.Options))!.Online, $"{Instrument} online");
    }

    public async Task DisposeAsync()
    {
        await _xrd.DisposeAsync();
        await _hub.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task SubmitApproveReceiveWatchDeliverDownload_AllThroughTheCli()
    {
        var user = CliRunner.IsolatedEnvironment(_home.Path, _hub.BaseAddress.ToString(), await _hub.CreateAccountAsync("alice", "user"));
        var staff = CliRunner.IsolatedEnvironment(_home.Path, _hub.BaseAddress.ToString(), await _hub.CreateAccountAsync("tanaka", "staff"));

        var sample = (await Succeed(user, "samples", "create", "--name", "Si standard", "--composition", "Si")).Trim();
        var job = (await Succeed(user, "jobs", "submit", "--instrument", Instrument, "--method", "theta2theta", "--sample", sample,
            "--param", "start=20", "--param", "stop=40", "--param", "step=0.05", "--param", "dwell=200 ms")).Trim();
        Assert.Contains("awaiting-sample", await Succeed(staff, "jobs", "approve", job, "--reason", "parameters fine"), StringComparison.Ordinal);
        Assert.Contains(job, await Succeed(staff, "samples", "receive", sample), StringComparison.Ordinal);

        var watch = await Succeed(user, "jobs", "watch", job);

        Assert.Contains("-> running", watch, StringComparison.Ordinal);
        Assert.Contains($"{job} succeeded with 1 measurement", watch, StringComparison.Ordinal);

        Assert.Equal($"{job}: delivered", (await Succeed(staff, "jobs", "deliver", job)).Trim());
        var folder = _home.File("data");
        await Succeed(user, "jobs", "download", job, "--out", folder);
        var shown = await Succeed(user, "jobs", "show", job, "--json");
        var measurementId = System.Text.Json.JsonSerializer.Deserialize<JobView>(shown, HubJson.Options)!.MeasurementIds.Single();
        Assert.Contains("twoTheta", await File.ReadAllTextAsync(Path.Combine(folder, $"{measurementId}.csv")), StringComparison.Ordinal);

        // Raw files, if the simulator attached any, match the hub's checksums.
        using var client = _hub.AdminClient();
        var measurement = (await client.GetFromJsonAsync<MeasurementView>($"/api/v1/measurements/{measurementId}", HubJson.Options))!;
        foreach (var file in measurement.Files.Where(f => f.Stored))
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, measurementId, file.Name));
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    static async Task<string> Succeed(IDictionary<string, string?> environment, params string[] args)
    {
        var result = await CliRunner.RunAsync(environment, args);
        Assert.True(result.ExitCode == 0, $"smartlab {string.Join(' ', args)}\n{result}");
        return result.Out;
    }
}
