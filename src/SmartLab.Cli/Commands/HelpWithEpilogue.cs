using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace SmartLab.Cli.Commands;

/// <summary>The standard help, followed by the exit codes and the settings every command reads.</summary>
internal sealed class HelpWithEpilogue(HelpAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public static string Text { get; } =
        $"""
        Settings:
          SMARTLAB_URL     hub URL (default {Configuration.SettingsResolver.DefaultUrl})
          SMARTLAB_TOKEN   API token; or --token-file <path>
          SMARTLAB_CONFIG  config file (default ~/.config/smartlab/config.yaml) with `url:` and `token:` or `tokenFile:`

        {ExitCodes.Describe()}
        """;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Text);
        return code;
    }

    /// <summary>Replaces the help action of <paramref name="root"/>'s help option (it is recursive, so it serves every command).</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilogue((HelpAction)help.Action!);
    }
}
