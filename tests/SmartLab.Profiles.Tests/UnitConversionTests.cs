using SmartLab.Profiles.Internal;

namespace SmartLab.Profiles.Tests;

public sealed class UnitConversionTests
{
    [Theory]
    [InlineData(0.5, "h", "min", 30)]
    [InlineData(2, "min", "s", 120)]
    [InlineData(1, "mm", "nm", 1e6)]
    [InlineData(1, "um", "mm", 0.001)]
    [InlineData(1, "kV", "V", 1000)]
    [InlineData(0.3, "kV", "V", 300)]
    [InlineData(250, "mA", "A", 0.25)]
    [InlineData(1, "mL/min", "L/h", 0.06)]
    [InlineData(50, "%", "1", 0.5)]
    [InlineData(10, "{counts}/s", "/s", 10)]
    [InlineData(10, "{counts}/s", "Hz", 10)]
    [InlineData(1, "10*3/uL", "/L", 1e9)]
    [InlineData(1.5, "kg.m/s2", "N", 1.5)]
    [InlineData(1, "J/(mol.K)", "J.mol-1.K-1", 1)]
    [InlineData(1, "mbar", "Pa", 100)]
    [InlineData(1, "atm", "kPa", 101.325)]
    [InlineData(1, "[in_i]", "cm", 2.54)]
    [InlineData(1, "[lb_av]", "g", 453.59237)]
    [InlineData(1, "d", "s", 86400)]
    [InlineData(3, "us", "ns", 3000)]
    public void TryConvert_CommensurableUnits_GivesExactValue(double value, string from, string to, double expected)
    {
        Assert.True(UnitConversion.TryConvert(value, from, to, out var converted, out var problem), problem);

        Assert.Null(problem);
        Assert.Equal(expected, converted);
    }

    [Theory]
    [InlineData(25, "Cel", "K", 298.15)]
    [InlineData(300, "K", "Cel", 26.85)]
    [InlineData(273.16, "K", "Cel", 0.01)]
    [InlineData(-273.15, "Cel", "K", 0)]
    [InlineData(1000, "mK", "Cel", -272.15)]
    [InlineData(212, "[degF]", "Cel", 100)]
    [InlineData(32, "[degF]", "Cel", 0)]
    [InlineData(100, "Cel", "[degF]", 212)]
    [InlineData(-40, "Cel", "[degF]", -40)]
    [InlineData(0, "[degF]", "[degR]", 459.67)]
    [InlineData(20, "Cel{sample}", "Cel", 20)]
    public void TryConvert_TemperatureAlone_ConvertsTheScaleWithItsOffset(double value, string from, string to, double expected)
    {
        Assert.True(UnitConversion.TryConvert(value, from, to, out var converted, out var problem), problem);

        Assert.Equal(expected, converted);
    }

    [Theory]
    [InlineData("K/min", "Cel/min", 5, 5)]
    [InlineData("Cel/min", "K/min", 5, 5)]
    [InlineData("Cel/h", "K/min", 60, 1)]
    [InlineData("[degF]/min", "K/min", 9, 5)]
    public void TryConvert_TemperatureInsideExpression_IsATemperatureDifference(string from, string to, double value, double expected)
    {
        Assert.True(UnitConversion.TryConvert(value, from, to, out var converted, out var problem), problem);

        Assert.Equal(expected, converted);
    }

    [Fact]
    public void TryConvert_DegreesToRadians_GivesNearestDoubleToPi()
    {
        Assert.True(UnitConversion.TryConvert(180, "deg", "rad", out var converted, out _));

        Assert.Equal(Math.PI, converted);
    }

    [Fact]
    public void TryConvert_OerstedDefinedWithLeadingSlash_Is250OverPiAmperePerMetre()
    {
        Assert.True(UnitConversion.TryConvert(1, "Oe", "A/m", out var converted, out _));

        Assert.Equal(250 / Math.PI, converted, 12);
    }

    [Theory]
    [InlineData("Cel")]
    [InlineData("[pH]")]
    [InlineData("Cel/min")]
    [InlineData("{counts}")]
    public void TryConvert_SameUnit_ReturnsValueUnchanged(string unit)
    {
        Assert.True(UnitConversion.TryConvert(0.1, unit, unit, out var converted, out var problem), problem);

        Assert.Equal(0.1, converted);
    }

    [Fact]
    public void TryConvert_DifferentDimensions_NamesBothUnits()
    {
        Assert.False(UnitConversion.TryConvert(1, "s", "Cel", out var converted, out var problem));

        Assert.Equal(0, converted);
        Assert.NotNull(problem);
        Assert.StartsWith("`s` cannot be converted to `Cel`", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deg", "1")]
    [InlineData("K/min", "K")]
    [InlineData("Cel/min", "Cel")]
    [InlineData("mL/min", "mL")]
    public void TryConvert_DifferentDimensions_IsRefused(string from, string to)
    {
        Assert.False(UnitConversion.TryConvert(1, from, to, out _, out var problem));

        Assert.Contains("different quantities", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("degC", "K", "`degC`")]
    [InlineData("K", "degC", "`degC`")]
    [InlineData("kv/s", "V/s", "`kv` in `kv/s`")]
    [InlineData("hour", "min", "`hour`")]
    public void TryConvert_UnknownUnit_NamesIt(string from, string to, string expected)
    {
        Assert.False(UnitConversion.TryConvert(1, from, to, out _, out var problem));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("not a UCUM unit code", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m/", "a unit is missing")]
    [InlineData("(m", "missing ')'")]
    [InlineData("{counts", "missing '}'")]
    [InlineData("k V", "not allowed")]
    [InlineData("", "empty")]
    [InlineData("m100", "exponent")]
    [InlineData("0/s", "factor 0")]
    public void TryConvert_BadSyntax_SaysWhy(string from, string expected)
    {
        Assert.False(UnitConversion.TryConvert(1, from, "1", out _, out var problem));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[pH]", "mol/L", "[pH]")]
    [InlineData("B[V]/s", "/s", "B[V]")]
    [InlineData("mol/L", "[pH]", "[pH]")]
    public void TryConvert_LogarithmicSpecialUnit_IsRefused(string from, string to, string expected)
    {
        Assert.False(UnitConversion.TryConvert(1, from, to, out _, out var problem));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("special", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TryConvert_NonFiniteValue_IsRefused(double value)
    {
        Assert.False(UnitConversion.TryConvert(value, "h", "min", out _, out var problem));

        Assert.Contains("finite", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryConvert_ResultBeyondDoubleRange_IsRefused()
    {
        Assert.False(UnitConversion.TryConvert(1e300, "Ym", "ym", out _, out var problem));

        Assert.Contains("too large", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryConvert_ShippedProfileUnits_ConvertToThemselves()
    {
        var profiles = ProfileLoader.LoadDirectory(RepositoryPaths.DeviceProfiles);
        var units = profiles.SelectMany(p =>
                p.Telemetry.Select(c => c.Unit)
                    .Concat(p.Commands.SelectMany(c => c.Parameters).Select(a => a.Unit))
                    .Concat(p.Methods.SelectMany(m => m.Parameters).Select(a => a.Unit))
                    .Concat(p.Methods.SelectMany(m => m.Outputs).Select(o => o.Units)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("K/min", units);

        foreach (var unit in units)
        {
            Assert.True(UnitConversion.TryConvert(1.25, unit, unit, out var same, out var problem), $"{unit}: {problem}");
            Assert.Equal(1.25, same);

            // Through base units too, not only the identity shortcut: an annotation changes the text, not the unit.
            var annotated = unit.EndsWith('}') ? $"{unit}.1" : $"{unit}{{declared}}";
            Assert.True(UnitConversion.TryConvert(1.25, unit, annotated, out var roundTrip, out problem), $"{unit}: {problem}");
            Assert.Equal(1.25, roundTrip);
        }
    }

    [Fact]
    public void TryResolve_EveryUnitInTheUcumTable_Resolves()
    {
        var codes = UcumTables.Instance.BaseUnits.Concat(UcumTables.Instance.Definitions.Keys);

        foreach (var code in codes)
        {
            Assert.True(UcumResolver.TryResolve(code, out _, out var problem), $"{code}: {problem}");
        }
    }

    [Fact]
    public void ToDouble_QuotientOfExactIntegers_RoundsLikeDoubleDivision()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 10_000; i++)
        {
            var numerator = random.NextInt64(1, 1L << 53);
            var denominator = random.NextInt64(1, 1L << 53);

            var exact = UcumRational.FromInteger(numerator) / UcumRational.FromInteger(denominator);

            Assert.Equal((double)numerator / denominator, exact.ToDouble());
        }
    }

    [Fact]
    public void FromDouble_ThenToDouble_RoundTrips()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 10_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(0x0010_0000_0000_0000, 0x7FF0_0000_0000_0000));

            Assert.Equal(value, UcumRational.FromDouble(value).ToDouble());
            Assert.Equal(-value, UcumRational.FromDouble(-value).ToDouble());
        }
    }
}
