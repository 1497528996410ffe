using System.Text.Json;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;

namespace SmartLab.Profiles.Tests;

/// <summary>The profiles in device-profiles/ load, and map the way simulators and the hub expect.</summary>
public sealed class ShippedProfilesTests
{
    static readonly Lazy<IReadOnlyList<DeviceProfile>> Shipped = new(() => ProfileLoader.LoadDirectory(RepositoryPaths.DeviceProfiles));

    static DeviceProfile Profile(string id) => Shipped.Value.Single(p => p.Id == id);

    [Fact]
    public void LoadDirectory_ShippedProfiles_LoadsAllFive()
    {
        var keys = Shipped.Value.Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(["four-point-probe@1.0.0", "sem@1.0.0", "tube-furnace@1.0.0", "uv-vis@1.0.0", "xrd-powder@1.0.0"], keys);
    }

    [Theory]
    [InlineData("xrd-powder.yaml", "xrd-powder", "xrd")]
    [InlineData("tube-furnace.yaml", "tube-furnace", "furnace")]
    [InlineData("uv-vis.yaml", "uv-vis", "uv-vis")]
    [InlineData("sem.yaml", "sem", "sem")]
    public void LoadFile_ShippedProfile_SetsIdKindAndSource(string file, string id, string kind)
    {
        var path = Path.Combine(RepositoryPaths.DeviceProfiles, file);

        var profile = ProfileLoader.LoadFile(path);

        Assert.Equal(id, profile.Id);
        Assert.Equal("1.0.0", profile.Version);
        Assert.Equal(kind, profile.Kind);
        Assert.Equal(path, profile.Source);
        Assert.False(string.IsNullOrWhiteSpace(profile.Title));
        Assert.False(string.IsNullOrWhiteSpace(profile.Description));
    }

    [Fact]
    public void LoadDirectory_ShippedProfiles_EachHasAlwaysAllowedEmergencyStopWithoutParameters()
    {
        foreach (var profile in Shipped.Value)
        {
            var stop = profile.FindCommand("emergencyStop");
            Assert.True(stop is not null, $"{profile.Key} has no emergencyStop");
            Assert.Equal(SafetyClass.AlwaysAllowed, stop.Safety);
            Assert.True(stop.Idempotent);
            Assert.Empty(stop.Parameters);
        }
    }

    [Fact]
    public void LoadDirectory_XrdPowder_MapsTelemetryCommandsMethodAndMetadata()
    {
        var xrd = Profile("xrd-powder");

        Assert.Equal(["tubeVoltage", "tubeCurrent", "shutterOpen", "goniometerTwoTheta", "detectorCountRate", "enclosureTemperature"],
            xrd.Telemetry.Select(c => c.Name));
        AssertChannel(xrd, "tubeVoltage", "kV", ValueKind.Number, 0, 60);
        AssertChannel(xrd, "tubeCurrent", "mA", ValueKind.Number, 0, 60);
        AssertChannel(xrd, "goniometerTwoTheta", "deg", ValueKind.Number, -10, 160);
        AssertChannel(xrd, "detectorCountRate", "{counts}/s", ValueKind.Number, 0, 1e7);
        AssertChannel(xrd, "enclosureTemperature", "Cel", ValueKind.Number, 0, 60);
        Assert.Equal(ValueKind.Boolean, xrd.FindChannel("shutterOpen")!.Type);

        var setTubePower = xrd.FindCommand("setTubePower")!;
        Assert.Equal(SafetyClass.StaffOnly, setTubePower.Safety);
        Assert.True(setTubePower.Idempotent);
        Assert.Equal(TimeSpan.FromSeconds(30), setTubePower.Timeout);
        AssertParameter(setTubePower.Parameters, "voltage", "kV", 0, 60, required: true);
        AssertParameter(setTubePower.Parameters, "current", "mA", 0, 60, required: true);

        Assert.Equal(SafetyClass.StaffOnly, xrd.FindCommand("openShutter")!.Safety);
        Assert.Equal(SafetyClass.AlwaysAllowed, xrd.FindCommand("closeShutter")!.Safety);
        Assert.Equal(TimeSpan.FromSeconds(10), xrd.FindCommand("openShutter")!.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), xrd.FindCommand("emergencyStop")!.Timeout);

        var scan = xrd.FindMethod("theta2theta")!;
        Assert.Equal(TimeSpan.FromSeconds(1800), scan.EstimatedDuration);
        AssertParameter(scan.Parameters, "start", "deg", 2, 150, required: true);
        AssertParameter(scan.Parameters, "stop", "deg", 2, 150, required: true);
        AssertParameter(scan.Parameters, "step", "deg", 0.001, 1, required: true);
        AssertParameter(scan.Parameters, "dwell", "s", 0.01, 60, required: true);
        Assert.Equal(40, AssertParameter(scan.Parameters, "tubeVoltage", "kV", 20, 60, required: false).Default!.Value.GetDouble());
        Assert.Equal(30, AssertParameter(scan.Parameters, "tubeCurrent", "mA", 5, 50, required: false).Default!.Value.GetDouble());
        Assert.Collection(scan.Outputs,
            o => Assert.Equal(("twoTheta", "array", "number", "deg"), (o.Name, o.Kind, o.Dtype, o.Units)),
            o => Assert.Equal(("intensity", "array", "number", "{counts}"), (o.Name, o.Kind, o.Dtype, o.Units)));

        Assert.Equal(["instrument.calibration.id", "instrument.calibration.date"], xrd.RequiredMetadata.Select(m => m.Path));
    }

    [Fact]
    public void LoadDirectory_TubeFurnace_MapsRampRatesEnumsAndOutputs()
    {
        var furnace = Profile("tube-furnace");

        AssertChannel(furnace, "temperature", "Cel", ValueKind.Number, -50, 1300);
        AssertChannel(furnace, "setpoint", "Cel", ValueKind.Number, 0, 1200);
        AssertChannel(furnace, "heaterPower", "%", ValueKind.Number, 0, 100);
        AssertChannel(furnace, "gasFlow", "mL/min", ValueKind.Number, 0, 2000);
        Assert.Equal(ValueKind.Boolean, furnace.FindChannel("doorClosed")!.Type);

        var setSetpoint = furnace.FindCommand("setSetpoint")!;
        AssertParameter(setSetpoint.Parameters, "temperature", "Cel", 20, 1200, required: true);
        var ramp = AssertParameter(setSetpoint.Parameters, "rampRate", "K/min", 0.1, 20, required: false);
        Assert.Equal(10, ramp.Default!.Value.GetDouble());

        var gas = furnace.FindCommand("setGasFlow")!.Parameters.Single(p => p.Name == "gas");
        Assert.Equal(ValueKind.String, gas.Type);
        Assert.Equal(["air", "N2", "Ar", "forming-gas"], gas.Enum!);
        Assert.True(gas.Required);

        var anneal = furnace.FindMethod("anneal")!;
        Assert.Equal(TimeSpan.FromSeconds(7200), anneal.EstimatedDuration);
        AssertParameter(anneal.Parameters, "dwell", "min", 1, 1440, required: true);
        Assert.Equal(["air", "N2", "Ar", "forming-gas"], anneal.Parameters.Single(p => p.Name == "atmosphere").Enum!);
        Assert.Equal(["time", "temperature"], anneal.Outputs.Select(o => o.Name));
        Assert.Equal(["s", "Cel"], anneal.Outputs.Select(o => o.Units));
        Assert.Equal(["instrument.calibration.id"], furnace.RequiredMetadata.Select(m => m.Path));
    }

    [Fact]
    public void LoadDirectory_UvVis_MapsLampScanAndDimensionlessAbsorbance()
    {
        var uvVis = Profile("uv-vis");

        Assert.Equal(ValueKind.Boolean, uvVis.FindChannel("lampOn")!.Type);
        Assert.Equal("1", uvVis.FindChannel("lampOn")!.Unit);
        AssertChannel(uvVis, "lampHours", "h", ValueKind.Number, 0, 10000);
        AssertChannel(uvVis, "detectorTemperature", "Cel", ValueKind.Number, 0, 50);
        AssertChannel(uvVis, "wavelength", "nm", ValueKind.Number, 190, 1100);

        var on = Assert.Single(uvVis.FindCommand("setLamp")!.Parameters);
        Assert.Equal(("on", ValueKind.Boolean, true), (on.Name, on.Type, on.Required));
        AssertParameter(uvVis.FindCommand("setWavelength")!.Parameters, "wavelength", "nm", 190, 1100, required: true);

        var scan = uvVis.FindMethod("absorbanceScan")!;
        Assert.Equal(TimeSpan.FromSeconds(300), scan.EstimatedDuration);
        AssertParameter(scan.Parameters, "interval", "nm", 0.1, 10, required: true);
        var speed = scan.Parameters.Single(p => p.Name == "scanSpeed");
        Assert.Equal(["slow", "medium", "fast"], speed.Enum!);
        Assert.Equal("medium", speed.Default!.Value.GetString());
        Assert.Equal(("absorbance", "1"), (scan.Outputs[1].Name, scan.Outputs[1].Units));
    }

    [Fact]
    public void LoadDirectory_Sem_MapsSafetyClassesTimeoutsAndImageFile()
    {
        var sem = Profile("sem");

        AssertChannel(sem, "acceleratingVoltage", "kV", ValueKind.Number, 0, 30);
        AssertChannel(sem, "beamCurrent", "pA", ValueKind.Number, 0, 100000);
        AssertChannel(sem, "chamberPressure", "Pa", ValueKind.Number, 0, 110000);
        AssertChannel(sem, "workingDistance", "mm", ValueKind.Number, 0, 50);
        AssertChannel(sem, "stageX", "mm", ValueKind.Number, -50, 50);
        AssertChannel(sem, "stageY", "mm", ValueKind.Number, -50, 50);

        var vent = sem.FindCommand("vent")!;
        Assert.Equal((SafetyClass.AdminOnly, false, TimeSpan.FromSeconds(120)), (vent.Safety, vent.Idempotent, vent.Timeout));
        var pumpDown = sem.FindCommand("pumpDown")!;
        Assert.Equal((SafetyClass.StaffOnly, true, TimeSpan.FromSeconds(300)), (pumpDown.Safety, pumpDown.Idempotent, pumpDown.Timeout));
        var moveStage = sem.FindCommand("moveStage")!;
        Assert.Equal(TimeSpan.FromSeconds(60), moveStage.Timeout);
        AssertParameter(moveStage.Parameters, "y", "mm", -50, 50, required: true);
        AssertParameter(sem.FindCommand("setAcceleratingVoltage")!.Parameters, "voltage", "kV", 0.5, 30, required: true);

        var acquire = sem.FindMethod("acquireImage")!;
        Assert.Equal(TimeSpan.FromSeconds(120), acquire.EstimatedDuration);
        AssertParameter(acquire.Parameters, "magnification", "1", 10, 1000000, required: true);
        var width = AssertParameter(acquire.Parameters, "width", "{px}", 256, 4096, required: true);
        Assert.Equal(ValueKind.Integer, width.Type);
        Assert.Equal(1, AssertParameter(acquire.Parameters, "dwell", "us", 0.1, 100, required: false).Default!.Value.GetDouble());
        var detector = acquire.Parameters.Single(p => p.Name == "detector");
        Assert.Equal(["SE", "BSE"], detector.Enum!);
        Assert.Equal("SE", detector.Default!.Value.GetString());
        Assert.Equal(15, AssertParameter(acquire.Parameters, "acceleratingVoltage", "kV", 0.5, 30, required: false).Default!.Value.GetDouble());

        var image = Assert.Single(acquire.Outputs);
        Assert.Equal(("image", "file", "image/png"), (image.Name, image.Kind, image.MediaType));
    }

    [Fact]
    public void LoadDirectory_XrdPowder_ProtocolExampleJobParametersPassValidation()
    {
        var scan = Profile("xrd-powder").FindMethod("theta2theta")!;
        using var parameters = JsonDocument.Parse("""{"start":10,"stop":80,"step":0.02,"dwell":0.5}""");

        var errors = ParameterValidator.Validate(scan.Parameters, parameters.RootElement, "method `theta2theta`");

        Assert.Empty(errors);
    }

    [Fact]
    public void LoadDirectory_XrdPowder_StepBelowMinimumIsRefusedWithUnit()
    {
        var scan = Profile("xrd-powder").FindMethod("theta2theta")!;
        using var parameters = JsonDocument.Parse("""{"start":10,"stop":80,"step":0,"dwell":0.5}""");

        var error = Assert.Single(ParameterValidator.Validate(scan.Parameters, parameters.RootElement, "method `theta2theta`"));

        Assert.Equal("below_minimum", error.Code);
        Assert.Contains("0.001 deg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaJson_Embedded_IsTheFileInDeviceProfiles()
    {
        Assert.Equal(File.ReadAllText(RepositoryPaths.Schema), ProfileLoader.SchemaJson);
    }

    static void AssertChannel(DeviceProfile profile, string name, string unit, ValueKind type, double min, double max)
    {
        var channel = profile.FindChannel(name);
        Assert.True(channel is not null, $"{profile.Key} has no channel {name}");
        Assert.Equal((unit, type, min, max), (channel.Unit, channel.Type, channel.Min, channel.Max));
    }

    static ParameterDefinition AssertParameter(IReadOnlyList<ParameterDefinition> parameters, string name, string unit,
        double min, double max, bool required)
    {
        var parameter = parameters.SingleOrDefault(p => p.Name == name);
        Assert.True(parameter is not null, $"no parameter {name}");
        Assert.Equal((unit, min, max, required), (parameter.Unit, parameter.Min, parameter.Max, parameter.Required));
        return parameter;
    }
}
