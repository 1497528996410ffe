using Spectre.Console;
using Spectre.Console.Rendering;

namespace SmartLab.Cli.Output;

/// <summary>Tables: framed on a terminal, bare aligned columns (easy to <c>grep</c> and <c>awk</c>) when redirected.</summary>
internal static class Tables
{
    public static Table Create(CliConsole console, params string[] headers)
    {
        var table = new Table { Border = console.Interactive ? TableBorder.Rounded : TableBorder.None };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = !console.Interactive });
        }

        return table;
    }

    /// <summary>Adds a row of plain text: ids and names coming from the hub are never read as Spectre markup.</summary>
    public static void AddRow(Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? "")).ToArray());

    /// <summary>Two columns of name and value, for one job or one sample.</summary>
    public static Grid Details(IEnumerable<(string Name, string? Value)> rows)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        grid.AddColumn();
        foreach (var (name, value) in rows.Where(r => !string.IsNullOrEmpty(r.Value)))
        {
            grid.AddRow(new Text(name + ":"), new Text(value!));
        }

        return grid;
    }
}
