using Spectre.Console;

namespace SmartLab.Cli.Output;

/// <summary>
/// Where a command writes. On a terminal, <see cref="Ansi"/> draws colours, tables and live progress bars; redirected
/// to a file or a pipe (and in tests) it writes plain text without escape codes, and commands print line by line.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Columns of plain output: wide enough that a job table does not wrap in a log file.</summary>
    const int PlainWidth = 240;

    public CliConsole(TextWriter output, TextWriter error, bool interactive, IDictionary<string, string?> environment)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,

            // NO_COLOR, TERM and CI detection read the caller's environment, not this process's.
            EnvironmentVariables = environment.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!),
        });
        if (!interactive)
        {
            Ansi.Profile.Width = PlainWidth;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>True on a terminal: live progress and colours. False when redirected: plain lines only.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Ansi { get; }
}
