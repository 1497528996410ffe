using System.Collections;
using System.CommandLine;
using System.CommandLine.Invocation;
using SmartLab.Cli.Commands;
using SmartLab.Cli.Output;

namespace SmartLab.Cli;

/// <summary>
/// The <c>smartlab</c> command line. Everything it reads from outside (arguments, output streams, environment) comes
/// in through <see cref="RunAsync(string[], TextWriter, TextWriter, IDictionary{string, string}, CancellationToken)"/>,
/// so tests run it in-process, side by side, without touching the process environment.
/// </summary>
public static class Cli
{
    /// <summary>Runs one command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Results: ids, tables, JSON. Live progress is drawn only when this is the real, unredirected console.</param>
    /// <param name="error">Errors and warnings, one line each.</param>
    /// <param name="environment">The variables to read settings from (<c>SMARTLAB_URL</c>, <c>SMARTLAB_TOKEN</c>, <c>SMARTLAB_CONFIG</c>, <c>HOME</c>, …).</param>
    /// <param name="cancellationToken">Cancels the running command (Ctrl+C); it then returns <see cref="ExitCodes.Interrupted"/>.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?> environment,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, environment, TimeProvider.System, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?> environment,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
            && !(environment.TryGetValue("TERM", out var term) && term == "dumb");
        var context = new CliContext(new CliConsole(output, error, interactive, environment), environment, time);
        var parse = Build(context).Parse(args);
        var code = await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // The caller owns Ctrl+C (Program wires it to the token), so in-process runs do not hook the console.
            ProcessTerminationTimeout = null,
        }, cancellationToken);
        return parse.Action is ParseErrorAction ? ExitCodes.Usage : code;
    }

    static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("smartlab: submit and follow jobs, manage samples, fetch data, watch and operate instruments on a SmartLab hub.")
        {
            context.Url,
            context.TokenFile,
        };
        root.Subcommands.Add(JobsCommands.Create(context));
        root.Subcommands.Add(SamplesCommands.Create(context));
        root.Subcommands.Add(InstrumentsCommands.Create(context));
        root.Subcommands.Add(ControlCommands.Create(context));
        root.Subcommands.Add(LoopCommands.Create(context));
        root.Subcommands.Add(FeedCommands.Create(context));
        root.Subcommands.Add(WhoAmICommand.Create(context));
        HelpWithEpilogue.Install(root);
        return root;
    }

    /// <summary>This process's environment, for <see cref="RunAsync(string[], TextWriter, TextWriter, IDictionary{string, string}, CancellationToken)"/>.</summary>
    public static IDictionary<string, string?> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }
}
