namespace SmartLab.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI's entry point in-process with its own environment, as a user's shell would.</summary>
public static class CliRunner
{
    /// <summary>A command that has not finished by then is cancelled (exit code 130), so a stuck watch fails the test instead of hanging it.</summary>
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static async Task<CliResult> RunAsync(IDictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var limit = new CancellationTokenSource(Limit);
        var code = await Cli.RunAsync(args, output, error, environment, limit.Token);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>An environment with only a home folder of its own, so no real config file is read.</summary>
    public static Dictionary<string, string?> IsolatedEnvironment(string home, string? url = null, string? token = null)
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = home };
        if (url is not null)
        {
            environment["SMARTLAB_URL"] = url;
        }

        if (token is not null)
        {
            environment["SMARTLAB_TOKEN"] = token;
        }

        return environment;
    }
}
