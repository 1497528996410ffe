namespace SmartLab.Profiles.Tests;

/// <summary>YAML-level problems: syntax, repeated keys, empty files, how plain scalars are typed.</summary>
public sealed class ProfileLoaderYamlTests
{
    [Fact]
    public void Parse_UnclosedFlowSequence_NamesFileLineAndColumn()
    {
        var error = Refused(TestProfile.WithLine(3, "kind: [test"));

        Assert.Equal(TestProfile.SourceName, error.File);
        Assert.StartsWith("YAML syntax error: ", error.Problem, StringComparison.Ordinal);
        Assert.Matches(@"^profiles/test-rig\.yaml:\d+:\d+: YAML syntax error: ", error.Message);
        Assert.NotNull(error.Problems[0].Line);
    }

    [Fact]
    public void Parse_BadIndentation_NamesTheLine()
    {
        var error = Refused(TestProfile.WithLine(14, "      description: Sets the output voltage."));

        Assert.Equal(14, error.Problems[0].Line);
        Assert.StartsWith("YAML syntax error: ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedKey_PointsAtTheSecondOne()
    {
        var error = Refused(TestProfile.WithLineAfter(1, "id: other-rig"));

        Assert.Equal("2:1 (id)", error.Location);
        Assert.Equal("`id` is given twice in the same mapping", error.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Parse_EmptyFile_SaysThereIsNoProfile(string yaml)
    {
        var error = Refused(yaml);

        Assert.Equal("", error.Location);
        Assert.Contains("holds no profile", error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{TestProfile.SourceName}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoDocuments_IsRefused()
    {
        var error = Refused(TestProfile.Valid + "---\n" + TestProfile.Valid);

        Assert.Contains("exactly one YAML document", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TopLevelList_SaysTheProfileMustBeAMapping()
    {
        var error = Refused("- id: test-rig\n");

        Assert.Equal("1:1", error.Location);
        Assert.Equal("must be a mapping, got a list", error.Problem);
    }

    [Fact]
    public void Parse_InfiniteBound_IsReportedOnce()
    {
        var error = Refused(TestProfile.WithLine(11, "    max: .inf"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("11:10 (telemetry[0].max)", problem.Location);
        Assert.Contains("not a finite number", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExponentAndQuotedUnit_AreReadAsNumberAndText()
    {
        var yaml = TestProfile.WithLine(11, "    max: 1.0e1").Replace("unit: V\n    min: 0", "unit: \"V\"\n    min: 0", StringComparison.Ordinal);

        var channel = ProfileLoader.Parse(yaml, TestProfile.SourceName).FindChannel("voltage")!;

        Assert.Equal(10, channel.Max);
        Assert.Equal("V", channel.Unit);
    }

    [Fact]
    public void Parse_AnchorAndAlias_AreExpanded()
    {
        var yaml = TestProfile.WithLine(9, "    unit: &volts V").Replace("        unit: V\n        min: 0\n", "        unit: *volts\n        min: 0\n", StringComparison.Ordinal);

        var profile = ProfileLoader.Parse(yaml, TestProfile.SourceName);

        Assert.Equal("V", profile.FindCommand("setVoltage")!.Parameters[0].Unit);
    }

    static ProfileLoadException Refused(string yaml) =>
        Assert.Throws<ProfileLoadException>(() => ProfileLoader.Parse(yaml, TestProfile.SourceName));
}
