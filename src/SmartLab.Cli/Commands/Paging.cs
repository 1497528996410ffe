using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;
using Spectre.Console;

namespace SmartLab.Cli.Commands;

/// <summary>Lists come in pages; <c>--all-pages</c> follows the cursors, otherwise the next cursor is pointed out.</summary>
internal static class Paging
{
    public static async Task<(List<T> Items, string? Next)> CollectAsync<T>(Func<string?, Task<Page<T>>> fetch, string? cursor, bool allPages)
    {
        var items = new List<T>();
        while (true)
        {
            var page = await fetch(cursor);
            items.AddRange(page.Items);

            // A cursor that does not move would loop forever; stop and report it as the next one instead.
            if (!allPages || page.NextCursor is null || page.NextCursor == cursor)
            {
                return (items, page.NextCursor);
            }

            cursor = page.NextCursor;
        }
    }

    /// <summary>Prints the table (or that there is nothing), and on stderr how to get the rest, so stdout stays the table only.</summary>
    public static void Write(CliConsole console, Table table, int count, string? next, string what)
    {
        if (count == 0)
        {
            console.Out.WriteLine($"no {what}");
        }
        else
        {
            console.Ansi.Write(table);
        }

        if (next is not null)
        {
            console.Error.WriteLine($"more {what}: add --all-pages, or --cursor {next}");
        }
    }
}
