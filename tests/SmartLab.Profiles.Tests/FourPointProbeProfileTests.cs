using System.Text.Json;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;

namespace SmartLab.Profiles.Tests;

/// <summary>The four-point probe profile loads and declares what its simulator and the anneal loop rely on.</summary>
public sealed class FourPointProbeProfileTests
{
    static readonly Lazy<DeviceProfile> Probe = new(() => ProfileLoader.LoadFile(Path.Combine(RepositoryPaths.DeviceProfiles, "four-point-probe.yaml")));

    [Fact]
    public void LoadFile_FourPointProbe_MapsChannelsCommandsAndMetadata()
    {
        var probe = Probe.Value;

        Assert.Equal(("four-point-probe", "1.0.0", "four-point-probe"), (probe.Id, probe.Version, probe.Kind));
        Assert.Equal(["stageTemperature", "probeDown", "sourceCurrent"], probe.Telemetry.Select(c => c.Name));
        Assert.Equal(("Cel", ValueKind.Number), (probe.FindChannel("stageTemperature")!.Unit, probe.FindChannel("stageTemperature")!.Type));
        Assert.Equal(ValueKind.Boolean, probe.FindChannel("probeDown")!.Type);
        Assert.Equal(("mA", -10.0, 10.0), (probe.FindChannel("sourceCurrent")!.Unit, probe.FindChannel("sourceCurrent")!.Min, probe.FindChannel("sourceCurrent")!.Max));
        var raise = probe.FindCommand("raiseProbe")!;
        Assert.Equal((SafetyClass.StaffOnly, true), (raise.Safety, raise.Idempotent));
        Assert.Equal(SafetyClass.AlwaysAllowed, probe.FindCommand("emergencyStop")!.Safety);
        Assert.Equal(["instrument.calibration.id"], probe.RequiredMetadata.Select(m => m.Path));
    }

    [Fact]
    public void LoadFile_SheetResistanceMethod_DeclaresDefaultsRangesAndUcumOutputs()
    {
        var method = Probe.Value.FindMethod("sheetResistance")!;

        Assert.Equal(TimeSpan.FromSeconds(60), method.EstimatedDuration);
        var current = method.Parameters.Single(p => p.Name == "current");
        Assert.Equal(("mA", 0.01, 10.0, false, 1.0), (current.Unit, current.Min, current.Max, current.Required, current.Default!.Value.GetDouble()));
        var points = method.Parameters.Single(p => p.Name == "points");
        Assert.Equal((ValueKind.Integer, 1.0, 25.0, 5), (points.Type, points.Min, points.Max, points.Default!.Value.GetInt32()));
        Assert.Collection(method.Outputs,
            o => Assert.Equal(("sheetResistance", "array", "number", "Ohm/{sq}"), (o.Name, o.Kind, o.Dtype, o.Units)),
            o => Assert.Equal(("voltage", "array", "number", "V"), (o.Name, o.Kind, o.Dtype, o.Units)),
            o => Assert.Equal(("current", "array", "number", "A"), (o.Name, o.Kind, o.Dtype, o.Units)));
    }

    [Fact]
    public void SheetResistanceUnit_AnnotatedOhm_ConvertsLikePlainOhm()
    {
        // {sq} only documents "per square": the value is a resistance and converts as one.
        Assert.True(UnitConversion.TryConvert(12, "Ohm/{sq}", "mOhm", out var milliohm, out var problem), problem);
        Assert.Equal(12_000, milliohm, 9);
    }

    [Theory]
    [InlineData("""{"current":1,"points":5}""", null)]
    [InlineData("""{"current":0.001}""", "below_minimum")]
    [InlineData("""{"points":26}""", "above_maximum")]
    [InlineData("""{"points":2.5}""", "wrong_type")]
    public void Validate_SheetResistanceParameters_RangesEnforced(string json, string? code)
    {
        var method = Probe.Value.FindMethod("sheetResistance")!;
        using var parameters = JsonDocument.Parse(json);

        var errors = ParameterValidator.Validate(method.Parameters, parameters.RootElement, "method `sheetResistance`");

        Assert.Equal(code, errors.SingleOrDefault()?.Code);
    }
}
