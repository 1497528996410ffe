using System.Diagnostics;
using SmartLab.Bench.Benchmarks;
using SmartLab.Bench.Reporting;

namespace SmartLab.Bench.Running;

/// <summary>Runs the chosen benchmarks one after the other, then prints the tables and writes the JSON (and Markdown) report.</summary>
public static class SuiteRunner
{
    public static async Task<int> RunAsync(BenchSettings settings, IReadOnlyList<IBenchmark> benchmarks, string? jsonPath, string? markdownPath,
        bool strict, string commandLine, CancellationToken cancellationToken)
    {
        using var exclusive = TakeMachine();
        var started = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var pinning = CpuPinning.Detect(settings.Pin);
        pinning.PinThisProcess();
        var work = Path.Combine(settings.DataDirectory ?? Path.GetTempPath(), $"smartlab-bench-{started:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(work);
        var report = new SuiteReport
        {
            Started = started,
            Mode = settings.Quick ? "quick" : "full",
            Command = commandLine,
            Environment = EnvironmentInfo.Collect(RepoPaths.Root, settings.HubDll, pinning.Description, work),
        };
        var context = new BenchContext(settings, pinning, work, report);
        BenchContext.Log($"SmartLab bench ({report.Mode}): {string.Join(", ", benchmarks.Select(b => b.Name))}; {pinning.Description}; load average {report.Environment.LoadAverage}; scratch {work}");
        if (RepoPaths.Configuration != "Release")
        {
            BenchContext.Log("WARNING: a Debug build measures the Debug hub; run with -c Release");
        }

        foreach (var benchmark in benchmarks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await benchmark.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                report.Errors.Add($"{benchmark.Name}: {ex.Message}");
                BenchContext.Log($"{benchmark.Name} failed: {ex}");
            }
        }

        report.DurationSeconds = clock.Elapsed.TotalSeconds;
        report.LoadAverageAtEnd = EnvironmentInfo.CurrentLoadAverage();
        ResultTables.Print(report);
        jsonPath ??= Path.Combine(RepoPaths.Results, $"{started:yyyyMMdd-HHmmss}{(settings.Quick ? "-quick" : "")}.json");
        await JsonReport.WriteAsync(report, jsonPath).ConfigureAwait(false);
        BenchContext.Log($"JSON report: {jsonPath}");
        if (markdownPath is not null)
        {
            await MarkdownReport.WriteAsync(report, markdownPath).ConfigureAwait(false);
            BenchContext.Log($"Markdown tables: {markdownPath}");
        }

        BenchContext.Log($"done in {clock.Elapsed.TotalSeconds:0} s");
        if (report.Errors.Count == 0)
        {
            TryDelete(work);
        }
        else
        {
            BenchContext.Log($"peer logs kept in {work}");
        }

        return report.Errors.Count > 0 ? 1 : strict && !report.AllPass ? 2 : 0;
    }

    /// <summary>Two runs at once would measure each other: the second one stops here.</summary>
    static FileStream TakeMachine()
    {
        var path = Path.Combine(Path.GetTempPath(), "smartlab-bench.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"another SmartLab bench run is in progress on this machine ({path} is locked)", ex);
        }
    }

    static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
