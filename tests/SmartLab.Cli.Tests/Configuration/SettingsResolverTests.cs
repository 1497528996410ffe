using SmartLab.Cli.Configuration;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Configuration;

public sealed class SettingsResolverTests : IDisposable
{
    const string FileToken = "f1e2d3c4b5a6978877665544332211000112233445566778899aabbccddeeff0";
    const string EnvToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    readonly TempFolder _home = new();
    readonly StringWriter _warnings = new();

    public void Dispose()
    {
        _home.Dispose();
        _warnings.Dispose();
    }

    Dictionary<string, string?> Environment(params (string Name, string? Value)[] variables)
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = _home.Path };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    CliSettings Resolve(Dictionary<string, string?> environment, string? url = null, string? tokenFile = null) =>
        new SettingsResolver(environment, _warnings).Resolve(url, tokenFile);

    string DefaultConfig(string yaml) => _home.Write(".config/smartlab/config.yaml", yaml);

    [Fact]
    public void Resolve_NothingButEnvironmentToken_DefaultUrl()
    {
        var settings = Resolve(Environment(("SMARTLAB_TOKEN", EnvToken)));

        Assert.Equal(new Uri("http://localhost:5080"), settings.HubUrl);
        Assert.Equal(EnvToken, settings.Token);
        Assert.Equal("SMARTLAB_TOKEN", settings.TokenSource);
    }

    [Fact]
    public void Resolve_DefaultConfigFile_GivesUrlAndToken()
    {
        var path = DefaultConfig($"url: https://lab.example.org/smartlab\ntoken: {FileToken}\n");

        var settings = Resolve(Environment());

        Assert.Equal(new Uri("https://lab.example.org/smartlab"), settings.HubUrl);
        Assert.Equal(FileToken, settings.Token);
        Assert.Equal(path, settings.TokenSource);
        Assert.Empty(_warnings.ToString());
    }

    [Fact]
    public void Resolve_EnvironmentAndConfigFile_EnvironmentWins()
    {
        DefaultConfig($"url: http://from-file:5080\ntoken: {FileToken}\n");

        var settings = Resolve(Environment(("SMARTLAB_URL", "http://from-env:5080"), ("SMARTLAB_TOKEN", EnvToken)));

        Assert.Equal(new Uri("http://from-env:5080"), settings.HubUrl);
        Assert.Equal(EnvToken, settings.Token);
    }

    [Fact]
    public void Resolve_CommandLine_WinsOverEnvironment()
    {
        var tokenFile = _home.Write("secrets/token", FileToken + "\n");

        var settings = Resolve(Environment(("SMARTLAB_URL", "http://from-env:5080"), ("SMARTLAB_TOKEN", EnvToken)), "http://from-option:5080", tokenFile);

        Assert.Equal(new Uri("http://from-option:5080"), settings.HubUrl);
        Assert.Equal(FileToken, settings.Token);
        Assert.Equal(tokenFile, settings.TokenSource);
    }

    [Fact]
    public void Resolve_EmptyEnvironmentVariable_CountsAsUnset()
    {
        DefaultConfig($"token: {FileToken}\n");

        var settings = Resolve(Environment(("SMARTLAB_TOKEN", ""), ("SMARTLAB_URL", "  ")));

        Assert.Equal(FileToken, settings.Token);
        Assert.Equal(new Uri(SettingsResolver.DefaultUrl), settings.HubUrl);
    }

    [Fact]
    public void Resolve_SmartlabConfig_ReplacesDefaultPath()
    {
        DefaultConfig($"token: {EnvToken}\n");
        var other = _home.Write("elsewhere/smartlab.yaml", $"token: {FileToken}\n");

        var settings = Resolve(Environment(("SMARTLAB_CONFIG", other)));

        Assert.Equal(FileToken, settings.Token);
    }

    [Fact]
    public void Resolve_XdgConfigHome_IsWhereTheDefaultFileLives()
    {
        _home.Write("xdg/smartlab/config.yaml", $"token: {FileToken}\n");

        var settings = Resolve(Environment(("XDG_CONFIG_HOME", _home.File("xdg"))));

        Assert.Equal(FileToken, settings.Token);
    }

    [Fact]
    public void Resolve_TokenFileInConfig_IsRelativeToTheConfigFolder()
    {
        var tokenPath = _home.Write(".config/smartlab/token", FileToken);
        DefaultConfig("tokenFile: token\n");

        var settings = Resolve(Environment());

        Assert.Equal(FileToken, settings.Token);
        Assert.Equal(tokenPath, settings.TokenSource);
    }

    [Fact]
    public void Resolve_TokenFileWithTilde_IsInHome()
    {
        _home.Write("lab-token", FileToken);
        DefaultConfig("tokenFile: ~/lab-token\n");

        Assert.Equal(FileToken, Resolve(Environment()).Token);
    }

    [Fact]
    public void Resolve_NoTokenAnywhere_UsageErrorSaysWhereToPutOne()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(Environment()));

        Assert.Contains("SMARTLAB_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("--token-file", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home.Path, ".config", "smartlab", "config.yaml"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SmartlabConfigMissing_UsageError()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(Environment(("SMARTLAB_CONFIG", _home.File("nope.yaml")), ("SMARTLAB_TOKEN", EnvToken))));

        Assert.Contains("nope.yaml", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hub", "not an http")]
    [InlineData("localhost:5080", "not an http")]
    public void Resolve_BadUrl_UsageErrorNamesSource(string url, string expected)
    {
        var error = Assert.Throws<UsageException>(() => Resolve(Environment(("SMARTLAB_URL", url), ("SMARTLAB_TOKEN", EnvToken))));

        Assert.Contains("SMARTLAB_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TokenWithInnerSpace_UsageError()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(Environment(("SMARTLAB_TOKEN", "abc def"))));

        Assert.Contains("spaces", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ConfigReadableByOthers_WarnsWithChmod()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows protects files with ACLs, not mode bits.
        }

        var path = _home.Write(".config/smartlab/config.yaml", $"token: {FileToken}\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Resolve(Environment());

        Assert.Contains($"warning: config file {path}", _warnings.ToString(), StringComparison.Ordinal);
        Assert.Contains("mode 644", _warnings.ToString(), StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", _warnings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TokenFileReadableByGroup_Warns()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var tokenFile = _home.Write("token", FileToken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        Resolve(Environment(), tokenFile: tokenFile);

        Assert.Contains($"warning: token file {tokenFile}", _warnings.ToString(), StringComparison.Ordinal);
    }
}
