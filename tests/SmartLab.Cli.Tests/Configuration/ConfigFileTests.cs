using SmartLab.Cli.Configuration;
using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Tests.Configuration;

public class ConfigFileTests
{
    [Fact]
    public void Parse_AllKeys_Read()
    {
        var config = ConfigFile.Parse("url: http://hub:5080\ntokenFile: ~/token\n", "c.yaml");

        Assert.Equal("http://hub:5080", config.Url);
        Assert.Equal("~/token", config.TokenFile);
        Assert.Null(config.Token);
    }

    [Fact]
    public void Parse_EmptyFile_NothingSet() =>
        Assert.Equal(new ConfigFile("c.yaml", null, null, null), ConfigFile.Parse("", "c.yaml"));

    [Fact]
    public void Parse_UnknownKey_UsageErrorWithLine()
    {
        var error = Assert.Throws<UsageException>(() => ConfigFile.Parse("url: http://hub\nserver: x\n", "c.yaml"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key `server`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TokenAndTokenFile_UsageError()
    {
        var error = Assert.Throws<UsageException>(() => ConfigFile.Parse("token: abc\ntokenFile: t\n", "c.yaml"));

        Assert.Contains("keep one", error.Message, StringComparison.Ordinal);
    }
}
