namespace SmartLab.Profiles.Tests;

/// <summary>Profiles that break the JSON Schema are refused, and the message says where and why.</summary>
public sealed class ProfileLoaderSchemaTests
{
    [Fact]
    public void Parse_ValidProfile_MapsAndKeepsSourceName()
    {
        var profile = ProfileLoader.Parse(TestProfile.Valid, TestProfile.SourceName);

        Assert.Equal("test-rig@1.0.0", profile.Key);
        Assert.Equal(TestProfile.SourceName, profile.Source);
        Assert.Equal(TimeSpan.FromSeconds(10), profile.FindCommand("setVoltage")!.Timeout);
    }

    [Fact]
    public void Parse_MissingId_NamesFileDocumentStartAndField()
    {
        var error = Refused(TestProfile.WithoutLine(1));

        Assert.Equal(TestProfile.SourceName, error.File);
        Assert.Equal("1:1", error.Location);
        Assert.Equal("required field `id` is missing", error.Problem);
        Assert.StartsWith($"{TestProfile.SourceName}:1:1: required field `id` is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version: 1.0", "got 1.0")]
    [InlineData("version: 1.0.x", "the text \"1.0.x\" is not valid here")]
    [InlineData("version: v1.0.0", "semantic version")]
    public void Parse_BadVersion_PointsAtVersion(string line, string expected)
    {
        var error = Refused(TestProfile.WithLine(2, line));

        Assert.Equal("2:10 (version)", error.Location);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
        Assert.Contains("semantic version", error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{TestProfile.SourceName}:2:10 (version): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UppercaseId_ExplainsThePattern()
    {
        var error = Refused(TestProfile.WithLine(1, "id: Test_Rig"));

        Assert.Equal("1:5 (id)", error.Location);
        Assert.Contains("lowercase letters, digits and '-'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownSafetyClass_ListsTheAllowedClasses()
    {
        var error = Refused(TestProfile.WithLine(15, "    safety: staff"));

        Assert.Equal("15:13 (commands[0].safety)", error.Location);
        Assert.Equal("the text \"staff\" is not allowed; use one of: always-allowed, staff-only, admin-only", error.Problem);
    }

    [Fact]
    public void Parse_UnknownValueType_ListsTheTypes()
    {
        var error = Refused(TestProfile.WithLine(8, "    type: float"));

        Assert.Equal("8:11 (telemetry[0].type)", error.Location);
        Assert.Equal("the text \"float\" is not allowed; use one of: number, integer, boolean, string", error.Problem);
    }

    [Fact]
    public void Parse_NameNotCamelCase_SaysWhatANameLooksLike()
    {
        var error = Refused(TestProfile.WithLine(13, "  - name: set_voltage"));

        Assert.Equal("13:11 (commands[0].name)", error.Location);
        Assert.Contains("camelCase", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyList_SaysAListIsExpected()
    {
        var error = Refused(TestProfile.WithLine(39, "    outputs:").Replace(
            "      - name: current\n        kind: array\n        dtype: number\n        units: A\n", "", StringComparison.Ordinal));

        Assert.Equal("39:13 (methods[0].outputs)", error.Location);
        Assert.Equal("must be a list, got nothing (the value is empty or null)", error.Problem);
    }

    [Fact]
    public void Parse_TextWhereNumberBelongs_SaysItMustBeANumber()
    {
        var error = Refused(TestProfile.WithLine(22, "        max: ten"));

        Assert.Equal("22:14 (commands[0].parameters[0].max)", error.Location);
        Assert.Equal("must be a number, got the text \"ten\"", error.Problem);
        Assert.Equal($"{TestProfile.SourceName}:22:14 (commands[0].parameters[0].max): must be a number, got the text \"ten\"", error.Message);
    }

    [Fact]
    public void Parse_QuotedBoolean_IsTextNotBoolean()
    {
        var error = Refused(TestProfile.WithLine(16, "    idempotent: \"true\""));

        Assert.Equal("16:17 (commands[0].idempotent)", error.Location);
        Assert.Contains("must be true or false", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisspeltField_ListsTheKnownFields()
    {
        var error = Refused(TestProfile.WithLineAfter(16, "    timeout: 30"));

        Assert.Equal("17:14 (commands[0].timeout)", error.Location);
        Assert.Contains("`timeout` is not a field of a command", error.Problem, StringComparison.Ordinal);
        Assert.Contains("timeoutSeconds", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NumberChannelWithoutUnit_SaysUnitIsNeeded()
    {
        var error = Refused(TestProfile.WithoutLine(9));

        Assert.Equal("7:5 (telemetry[0])", error.Location);
        Assert.Equal("required field `unit` is missing (needed when `type` is number or integer)", error.Problem);
    }

    [Fact]
    public void Parse_FileOutputWithoutMediaType_SaysMediaTypeIsNeeded()
    {
        var yaml = TestProfile.WithLine(41, "        kind: file").Replace("        dtype: number\n        units: A\n", "", StringComparison.Ordinal);

        var error = Refused(yaml);

        Assert.Equal("40:9 (methods[0].outputs[0])", error.Location);
        Assert.Equal("required field `mediaType` is missing (needed when `kind` is file)", error.Problem);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachInFileOrderOnItsOwnLine()
    {
        var yaml = TestProfile.WithLine(22, "        max: ten").Replace("safety: always-allowed", "safety: anyone", StringComparison.Ordinal);

        var error = Refused(yaml);

        Assert.Equal(["commands[0].parameters[0].max", "commands[1].safety"], error.Problems.Select(p => p.Path));
        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{TestProfile.SourceName}:22:14 ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{TestProfile.SourceName}:26:13 (commands[1].safety): ", lines[1], StringComparison.Ordinal);
    }

    static ProfileLoadException Refused(string yaml) =>
        Assert.Throws<ProfileLoadException>(() => ProfileLoader.Parse(yaml, TestProfile.SourceName));
}
