using System.Globalization;
using Spectre.Console;

namespace SmartLab.Bench.Reporting;

/// <summary>The report as console tables: every ratio against its target, then the figures of each run.</summary>
public static class ResultTables
{
    public static void Print(SuiteReport report)
    {
        if (report.Floors.Count > 0)
        {
            var floors = new Table().Title("[bold]Floors (same machine, same run)[/]").AddColumns("floor", "rate", "p50", "p99", "note");
            foreach (var f in report.Floors)
            {
                floors.AddRow(Markup.Escape(f.Peer), Rate(f), Ms(f.P50Ms), Ms(f.P99Ms), Markup.Escape(f.Note ?? ""));
            }

            AnsiConsole.Write(floors);
        }

        if (report.Runs.Count > 0)
        {
            var runs = new Table().Title("[bold]Runs[/]")
                .AddColumns("benchmark", "peer", "phase", "rate", "p50", "p99", "sent", "dropped", "refused", "peer CPU", "others", "gen busy");
            foreach (var r in report.Runs)
            {
                runs.AddRow(Markup.Escape(r.Benchmark), Markup.Escape(r.Peer), Markup.Escape(r.Phase), Rate(r), Ms(r.P50Ms), Ms(r.P99Ms),
                    Count(r.Sent), Count(r.Dropped), Count(r.Rejected), Percent(r.PeerCpuPercent), Percent(r.OthersOnPeerCorePercent), Percent(r.GeneratorBusyPercent));
            }

            AnsiConsole.Write(runs);
        }

        var table = new Table().Title("[bold]SmartLab against its peers[/]")
            .AddColumns("benchmark", "metric", "SmartLab", "peer", "peer value", "ratio", "target", "result");
        foreach (var c in report.Comparisons)
        {
            table.AddRow(Markup.Escape(c.Benchmark), Markup.Escape(c.Metric), Value(c.SmartLab, c.Unit), Markup.Escape(c.PeerName),
                Value(c.Peer, c.Unit), c.Ratio is { } ratio ? ratio.ToString("0.00×", CultureInfo.InvariantCulture) : "-", Markup.Escape(c.Target),
                c.Target == "reported" ? "[grey]info[/]" : c.Pass ? "[green]PASS[/]" : "[red]MISS[/]");
        }

        AnsiConsole.Write(table);
        foreach (var c in report.Comparisons.Where(c => !c.Pass && c.Note is not null))
        {
            AnsiConsole.MarkupLine($"[red]MISS[/] {Markup.Escape(c.Benchmark)} / {Markup.Escape(c.Metric)}: {Markup.Escape(c.Note!)}");
        }

        foreach (var error in report.Errors)
        {
            AnsiConsole.MarkupLine($"[red]ERROR[/] {Markup.Escape(error)}");
        }
    }

    internal static string Rate(RunFigures r) =>
        r.Rate is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:N0} {r.Unit}") : "-";

    internal static string Ms(double? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.000} ms") : "-";

    internal static string Count(long? n) => n is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    internal static string Percent(double? p) => p is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0}%") : "-";

    internal static string Value(double? v, string unit) => v switch
    {
        null => "-",
        { } x when unit == "ms" => string.Create(CultureInfo.InvariantCulture, $"{x:0.000} ms"),
        { } x when unit is "messages" or "KiB" => string.Create(CultureInfo.InvariantCulture, $"{x:N0} {unit}"),
        { } x => string.Create(CultureInfo.InvariantCulture, $"{x:N0} {unit}"),
    };
}
