using System.CommandLine;
using SmartLab.Cli.Configuration;
using SmartLab.Cli.Control;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;

namespace SmartLab.Cli.Commands;

/// <summary>
/// What every command shares: the console, the caller's environment, the clock, the global options, and
/// <see cref="RunAsync"/>, which turns failures into one <c>error:</c> line and an exit code.
/// </summary>
internal sealed class CliContext(CliConsole console, IDictionary<string, string?> environment, TimeProvider time)
{
    public CliConsole Console { get; } = console;

    public TimeProvider Time { get; } = time;

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"hub URL (default: SMARTLAB_URL, then `url` in the config file, then {SettingsResolver.DefaultUrl})",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "read the API token from this file (default: SMARTLAB_TOKEN, then the config file)",
        HelpName = "path",
        Recursive = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "print the hub's answer as JSON" };

    /// <summary>
    /// Runs a command body. It receives a connect function so it can check its own arguments first: a bad
    /// <c>--param</c> is reported even when no token is configured, and nothing is sent.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<Func<HubClient>, Task<int>> body)
    {
        HubClient? hub = null;
        try
        {
            return await body(() => hub ??= Connect(parse));
        }
        catch (CliException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        finally
        {
            hub?.Dispose();
        }
    }

    /// <summary>The leases taken from this machine (<c>control acquire</c>), in the user's config folder.</summary>
    public LeaseFile Leases() => new(new SettingsResolver(environment, Console.Error).LeasesPath(), Time, Console.Error);

    HubClient Connect(ParseResult parse)
    {
        var settings = new SettingsResolver(environment, Console.Error).Resolve(parse.GetValue(Url), parse.GetValue(TokenFile));
        return new HubClient(settings.HubUrl, settings.Token, Time);
    }
}
