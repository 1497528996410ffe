using System.Net.Http.Json;
using SkiaSharp;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Cli;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLabCli = SmartLab.Cli.Cli;

namespace SmartLab.Loop.Tests.Runner;

/// <summary><c>smartlab loop run</c> in-process against the real hub.</summary>
public sealed class LoopCommandTests
{
    [Fact]
    public async Task LoopRun_SmallLoop_PrintsEveryExperimentAndWritesTheConvergencePlot()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: true);
        using var temp = new TempFolder();
        var folder = temp.Folder;
        var file = Path.Combine(folder, "loop.yaml");
        await File.WriteAllTextAsync(file, LoopFiles.AnnealSheetResistance("cli", budget: 3, inFlight: 2, optimizer: "bayesian"));
        var png = Path.Combine(folder, "convergence.png");

        var (code, output, error) = await RunAsync(lab, folder, "loop", "run", file, "--plot", png);

        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Contains("sheetResistance [Ohm/{sq}]", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1 +[0-9.]+ +[0-9.]+ +[0-9.]+ +J-\d{6} J-\d{6}", output);
        Assert.Matches(@"(?m)^3 +[0-9.]+ +[0-9.]+ +[0-9.]+ +J-\d{6} J-\d{6}", output);
        Assert.Contains("best: experiment ", output, StringComparison.Ordinal);
        Assert.Contains("experiment 1 started: temperature=", output, StringComparison.Ordinal);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((900, 560), (bitmap.Width, bitmap.Height));

        // Run again: the budget is used, so nothing new is submitted and the same table comes back.
        var before = (await lab.RobotJobsAsync()).Count;
        var (again, rerun, _) = await RunAsync(lab, folder, "loop", "run", file);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Contains("resuming with 3 experiment(s) finished and 0 in flight", rerun, StringComparison.Ordinal);
        Assert.Equal(before, (await lab.RobotJobsAsync()).Count);
    }

    [Fact]
    public async Task LoopRun_Compare_RunsReferenceLoopsBesideItAndPlotsEveryOptimizer()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: true);
        using var temp = new TempFolder();
        var folder = temp.Folder;
        var file = Path.Combine(folder, "loop.yaml");
        await File.WriteAllTextAsync(file, LoopFiles.AnnealSheetResistance("cmp", budget: 4, inFlight: 2, optimizer: "bayesian"));
        var png = Path.Combine(folder, "convergence.png");

        var (code, output, error) = await RunAsync(lab, folder, "loop", "run", file, "--plot", png, "--compare", "random,grid");

        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Matches(@"reference loop cmp\.random \(random\): best sheetResistance = [0-9.]+ Ohm/\{sq\} at experiment [1-4] of 4", output);
        Assert.Matches(@"reference loop cmp\.grid \(grid\): best sheetResistance = [0-9.]+ Ohm/\{sq\} at experiment [1-4] of 4", output);
        var jobs = await lab.RobotJobsAsync();
        foreach (var loop in new[] { "cmp", "cmp.random", "cmp.grid" })
        {
            // Four experiments of two steps each, per loop: the references are ordinary loops of the same account.
            Assert.Equal(8, jobs.Count(j => j.Notes!.StartsWith($"loop:{loop}:", StringComparison.Ordinal)));
            var view = await lab.Staff.GetFromJsonAsync<LoopView>($"api/v1/loops/robot/{loop}", HubJson.Options);
            Assert.Equal(("finished", 4), (view!.Status.State, view.Done));
        }

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((900, 560), (bitmap.Width, bitmap.Height));

        var (bad, _, refused) = await RunAsync(lab, folder, "loop", "run", file, "--compare", "bayesian");
        Assert.Equal(ExitCodes.Usage, bad);
        Assert.Contains("`bayesian` is the loop's own optimizer", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopRun_BadLoopFile_UsageErrorWithFileAndLineAndNothingSubmitted()
    {
        await using var lab = await LoopLab.StartAsync(autoApprove: true);
        using var temp = new TempFolder();
        var folder = temp.Folder;
        var file = Path.Combine(folder, "loop.yaml");
        await File.WriteAllTextAsync(file, LoopFiles.AnnealSheetResistance("bad", budget: 3, inFlight: 2).Replace("inFlight", "inflight", StringComparison.Ordinal));

        var (code, _, error) = await RunAsync(lab, folder, "loop", "run", file, "--plot", Path.Combine(folder, "plot.png"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"error: {file}:4: unknown key `inflight` in the loop; did you mean `inFlight`?", error, StringComparison.Ordinal);
        Assert.Empty(await lab.RobotJobsAsync());
    }

    static async Task<(int Code, string Output, string Error)> RunAsync(LoopLab lab, string home, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["SMARTLAB_URL"] = lab.Hub.BaseAddress.ToString(),
            ["SMARTLAB_TOKEN"] = lab.RobotToken,
            ["HOME"] = home,
        };
        var code = await SmartLabCli.RunAsync(args, output, error, environment);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A folder for the loop file and the plot, removed after the test.</summary>
    sealed class TempFolder : IDisposable
    {
        public string Folder { get; } = RepoPaths.NewTempDirectory("smartlab-loop-cli");

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
