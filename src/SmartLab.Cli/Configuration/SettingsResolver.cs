using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Configuration;

/// <summary>
/// Finds the hub URL and the token. The most specific source wins: the command line (<c>--url</c>,
/// <c>--token-file</c>), then the environment (<c>SMARTLAB_URL</c>, <c>SMARTLAB_TOKEN</c>), then the config file
/// (<c>SMARTLAB_CONFIG</c>, else <c>$XDG_CONFIG_HOME/smartlab/config.yaml</c>, else <c>~/.config/smartlab/config.yaml</c>).
/// The token itself is never taken from the command line, where other users could read it in the process list.
/// </summary>
internal sealed class SettingsResolver(IDictionary<string, string?> environment, TextWriter warnings)
{
    public const string DefaultUrl = "http://localhost:5080";

    public CliSettings Resolve(string? urlOption, string? tokenFileOption)
    {
        var explicitConfig = Env("SMARTLAB_CONFIG");
        var configPath = explicitConfig is not null ? ExpandHome(explicitConfig) : DefaultConfigPath();
        ConfigFile? config = null;
        if (File.Exists(configPath))
        {
            config = ConfigFile.Load(configPath);
            Warn(FilePermissions.Warning(configPath, "config file"));
        }
        else if (explicitConfig is not null)
        {
            throw new UsageException($"SMARTLAB_CONFIG names {configPath}, which does not exist");
        }

        var url = urlOption is not null ? ParseUrl(urlOption, "--url")
            : Env("SMARTLAB_URL") is { } envUrl ? ParseUrl(envUrl, "SMARTLAB_URL")
            : config?.Url is { } fileUrl ? ParseUrl(fileUrl, $"`url` in {configPath}")
            : new Uri(DefaultUrl);

        if (tokenFileOption is not null)
        {
            var path = Path.GetFullPath(ExpandHome(tokenFileOption));
            return new CliSettings(url, ReadTokenFile(path), path);
        }

        if (Env("SMARTLAB_TOKEN") is { } envToken)
        {
            return new CliSettings(url, CheckToken(envToken, "SMARTLAB_TOKEN"), "SMARTLAB_TOKEN");
        }

        if (config?.Token is { } fileToken)
        {
            return new CliSettings(url, CheckToken(fileToken, configPath), configPath);
        }

        if (config?.TokenFile is { } tokenFile)
        {
            // A relative tokenFile is next to the config file, wherever the command is run from.
            var path = Path.GetFullPath(ExpandHome(tokenFile), Path.GetDirectoryName(Path.GetFullPath(configPath))!);
            return new CliSettings(url, ReadTokenFile(path), path);
        }

        throw new UsageException(
            $"no API token: set SMARTLAB_TOKEN, pass --token-file <path>, or add `token:` or `tokenFile:` to {configPath}");
    }

    /// <summary>The config file read when <c>SMARTLAB_CONFIG</c> is not set.</summary>
    public string DefaultConfigPath()
    {
        var configHome = Env("XDG_CONFIG_HOME") ?? Path.Combine(Home(), ".config");
        return Path.Combine(configHome, "smartlab", "config.yaml");
    }

    /// <summary>
    /// Where <c>control acquire</c> keeps the lease ids it took, next to the default config file
    /// (<c>$XDG_CONFIG_HOME/smartlab/leases.json</c>, else <c>~/.config/smartlab/leases.json</c>).
    /// </summary>
    public string LeasesPath() => Path.Combine(Path.GetDirectoryName(DefaultConfigPath())!, "leases.json");

    string? Env(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    string Home() => Env("HOME") ?? Env("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    string ExpandHome(string path) =>
        path == "~" ? Home()
        : path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal) ? Path.Combine(Home(), path[2..])
        : path;

    string ReadTokenFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the token file {path}: {e.Message}", e);
        }

        Warn(FilePermissions.Warning(path, "token file"));
        return CheckToken(text, path);
    }

    static string CheckToken(string token, string source)
    {
        token = token.Trim();
        if (token.Length == 0)
        {
            throw new UsageException($"the token from {source} is empty");
        }

        if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new UsageException($"the token from {source} contains spaces or line breaks; it should be the 64 hex characters the hub issued");
        }

        return token;
    }

    static Uri ParseUrl(string value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UsageException($"{source} `{value}` is not an http:// or https:// URL");

    void Warn(string? warning)
    {
        if (warning is not null)
        {
            warnings.WriteLine(warning);
        }
    }
}
