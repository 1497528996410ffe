using SmartLab.Bench.Reporting;
using Spectre.Console;

namespace SmartLab.Bench.Running;

/// <summary>What every benchmark needs: settings, pinning, a scratch folder, the report it adds to, and a progress log.</summary>
public sealed class BenchContext(BenchSettings settings, CpuPinning pinning, string workDirectory, SuiteReport report)
{
    public BenchSettings Settings { get; } = settings;
    public CpuPinning Pinning { get; } = pinning;
    public SuiteReport Report { get; } = report;

    /// <summary>Scratch folder of this run (data folders of the peers, logs); removed at the end.</summary>
    public string WorkDirectory { get; } = workDirectory;

    public TimeSpan Warmup => TimeSpan.FromSeconds(Settings.WarmupSeconds);
    public TimeSpan PeerWarmup => TimeSpan.FromSeconds(Math.Max(Settings.PeerWarmupSeconds, Settings.WarmupSeconds));

    /// <summary>Environment of a .NET peer process: quick tier-up in quick mode (see <see cref="BenchSettings.FastTierUp"/>).</summary>
    public void ConfigureDotnetPeer(System.Diagnostics.ProcessStartInfo info)
    {
        if (Settings.FastTierUp)
        {
            info.Environment["DOTNET_TieredPGO"] = "0";
            info.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        }
    }
    public TimeSpan Measure => TimeSpan.FromSeconds(Settings.MeasureSeconds);

    public string NewDirectory(string name)
    {
        var path = Path.Combine(WorkDirectory, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Log(string message) =>
        AnsiConsole.MarkupLine($"[grey]{TimeProvider.System.GetLocalNow():HH:mm:ss}[/] {Markup.Escape(message)}");
}
