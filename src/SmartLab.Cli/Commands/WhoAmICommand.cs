using System.CommandLine;

namespace SmartLab.Cli.Commands;

/// <summary><c>smartlab whoami</c>: checks the URL and token, and shows the account they stand for.</summary>
internal static class WhoAmICommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("whoami", "show the account of the configured token (a quick check of URL and token)");
        command.SetAction((parse, cancellationToken) => context.RunAsync(parse, cancellationToken, async connect =>
        {
            var hub = connect();
            var me = await hub.GetMeAsync(cancellationToken);
            context.Console.Out.WriteLine($"{me.Id} ({me.Role}){(me.DisplayName is { } name ? $" {name}" : "")} at {hub.BaseAddress}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
