using SmartLab.Cli.Output;

namespace SmartLab.Cli.Tests.Output;

public class FileNamesTests
{
    [Theory]
    [InlineData("pattern.xy", "pattern.xy")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("..", "F1")]
    [InlineData(".hidden", "hidden")]
    [InlineData("a:b.txt", "a_b.txt")]
    [InlineData("", "F1")]
    public void Safe_AgentChosenNames_StayOneHarmlessFileName(string name, string expected) =>
        Assert.Equal(expected, FileNames.Safe(name, "F1"));
}
