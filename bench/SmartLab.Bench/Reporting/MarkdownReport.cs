using System.Globalization;
using System.Text;

namespace SmartLab.Bench.Reporting;

/// <summary>The report's tables in Markdown, ready to paste into docs/benchmarks.md.</summary>
public static class MarkdownReport
{
    public static async Task WriteAsync(SuiteReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, Render(report)).ConfigureAwait(false);
    }

    public static string Render(SuiteReport report)
    {
        var e = report.Environment;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Run of {report.Started:yyyy-MM-dd HH:mm} UTC, {report.Mode} mode, {report.DurationSeconds:0} s; commit {e.GitCommit ?? "?"}, hub built {e.HubBuiltAt:yyyy-MM-dd HH:mm} UTC.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {e.Cpu}, {e.Cores} cores, kernel {e.Kernel}, {e.Os}, {e.Runtime}; {e.Pinning}; data on {e.DataFileSystem}; load average {e.LoadAverage} at start, {report.LoadAverageAtEnd} at end.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Packages: {string.Join(", ", e.Packages.Select(p => $"{p.Key} {p.Value}"))}.");
        md.AppendLine();
        md.AppendLine("| benchmark | metric | SmartLab | peer | peer value | ratio | target | result |");
        md.AppendLine("|---|---|---:|---|---:|---:|---|---|");
        foreach (var c in report.Comparisons)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Benchmark} | {c.Metric} | {ResultTables.Value(c.SmartLab, c.Unit)} | {c.PeerName} | {ResultTables.Value(c.Peer, c.Unit)} | {(c.Ratio is { } r ? r.ToString("0.00×", CultureInfo.InvariantCulture) : "-")} | {c.Target} | {(c.Target == "reported" ? "info" : c.Pass ? "pass" : "**miss**")} |");
        }

        md.AppendLine();
        md.AppendLine("| benchmark | peer | phase | rate | p50 | p99 | sent | dropped | refused | peer CPU | others on peer core | generator busy |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in report.Floors.Concat(report.Runs))
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Benchmark} | {r.Peer} | {r.Phase} | {ResultTables.Rate(r)} | {ResultTables.Ms(r.P50Ms)} | {ResultTables.Ms(r.P99Ms)} | {ResultTables.Count(r.Sent)} | {ResultTables.Count(r.Dropped)} | {ResultTables.Count(r.Rejected)} | {ResultTables.Percent(r.PeerCpuPercent)} | {ResultTables.Percent(r.OthersOnPeerCorePercent)} | {ResultTables.Percent(r.GeneratorBusyPercent)} |");
        }

        foreach (var error in report.Errors)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"\nError: {error}");
        }

        return md.ToString();
    }
}
