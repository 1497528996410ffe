namespace SmartLab.Profiles.Tests;

/// <summary>Profiles that match the schema but make no sense are refused at the offending line.</summary>
public sealed class ProfileLoaderRulesTests
{
    [Fact]
    public void Parse_MinAboveMax_PointsAtMin()
    {
        var error = Refused(TestProfile.WithLine(21, "        min: 20"));

        Assert.Equal("21:14 (commands[0].parameters[0].min)", error.Location);
        Assert.Equal("min 20 is above max 10", error.Problem);
        Assert.Equal($"{TestProfile.SourceName}:21:14 (commands[0].parameters[0].min): min 20 is above max 10", error.Message);
    }

    [Fact]
    public void Parse_DuplicateCommand_PointsAtTheSecondAndNamesTheFirst()
    {
        var error = Refused(TestProfile.WithLine(24, "  - name: setVoltage"));

        Assert.Equal("24:11 (commands[1].name)", error.Location);
        Assert.Equal("command `setVoltage` is declared twice (first at commands[0])", error.Problem);
    }

    [Fact]
    public void Parse_DuplicateChannel_IsRefused()
    {
        var yaml = TestProfile.WithLineAfter(11, "  - name: voltage\n    type: boolean");

        var error = Refused(yaml);

        Assert.Equal("12:11 (telemetry[1].name)", error.Location);
        Assert.Contains("channel `voltage` is declared twice", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateParameter_IsRefused()
    {
        var yaml = TestProfile.WithLineAfter(23, "      - name: voltage\n        type: boolean");

        var error = Refused(yaml);

        Assert.Equal("commands[0].parameters[1].name", error.Problems[0].Path);
        Assert.Contains("parameter `voltage` is declared twice", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EnumOnNumber_IsRefused()
    {
        var error = Refused(TestProfile.WithLineAfter(37, "        enum: [fine, coarse]"));

        Assert.Equal("38:15 (methods[0].parameters[0].enum)", error.Location);
        Assert.Contains("`enum` applies only to string parameters", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DefaultAboveMaximum_SaysByHowMuchWithUnit()
    {
        var error = Refused(TestProfile.WithLine(38, "        default: 5"));

        Assert.Equal("38:18 (methods[0].parameters[0].default)", error.Location);
        Assert.Equal("default = 5 is above the maximum 1 V of parameter `step` of method `sweep`", error.Problem);
    }

    [Fact]
    public void Parse_DefaultOfWrongType_IsRefused()
    {
        var error = Refused(TestProfile.WithLine(38, "        default: fast"));

        Assert.Equal("methods[0].parameters[0].default", error.Problems[0].Path);
        Assert.Contains("must be a number", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RequiredParameterWithDefault_IsRefused()
    {
        var error = Refused(TestProfile.WithLineAfter(38, "        required: true"));

        Assert.Equal("methods[0].parameters[0].default", error.Problems[0].Path);
        Assert.Contains("never missing", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnitInWrongCase_PointsAtTheUnit()
    {
        var error = Refused(TestProfile.WithLine(9, "    unit: v"));

        Assert.Equal("9:11 (telemetry[0].unit)", error.Location);
        Assert.StartsWith("`v` is not a UCUM unit code", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CelsiusPerMinute_SuggestsKelvinPerMinute()
    {
        var error = Refused(TestProfile.WithLine(35, "        unit: Cel/min"));

        Assert.Equal("35:15 (methods[0].parameters[0].unit)", error.Location);
        Assert.Contains("K/min", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadOutputUnit_IsRefused()
    {
        var error = Refused(TestProfile.WithLine(43, "        units: amps"));

        Assert.Equal("43:16 (methods[0].outputs[0].units)", error.Location);
    }

    [Fact]
    public void Parse_RangeOnBooleanChannel_IsRefused()
    {
        var yaml = TestProfile.WithLine(8, "    type: boolean").Replace("    unit: V\n    min: 0\n", "", StringComparison.Ordinal);

        var error = Refused(yaml);

        Assert.Equal("telemetry[0].max", error.Problems[0].Path);
        Assert.Contains("apply only to numbers", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FractionalBoundOnIntegerParameter_IsRefused()
    {
        var yaml = TestProfile.WithLine(34, "        type: integer");

        var error = Refused(yaml);

        Assert.Equal("methods[0].parameters[0].min", error.Problems[0].Path);
        Assert.Contains("whole number", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateMetadataPath_IsRefused()
    {
        var yaml = TestProfile.Valid + "  - path: instrument.calibration.id\n    description: Again.\n";

        var error = Refused(yaml);

        Assert.Equal("47:11 (requiredMetadata[1].path)", error.Location);
    }

    static ProfileLoadException Refused(string yaml) =>
        Assert.Throws<ProfileLoadException>(() => ProfileLoader.Parse(yaml, TestProfile.SourceName));
}
