using SmartLab.Profiles.Internal;

namespace SmartLab.Profiles.Tests.Internal;

public sealed class UcumUnitsTests
{
    [Theory]
    [InlineData("kV")]
    [InlineData("mA")]
    [InlineData("pA")]
    [InlineData("deg")]
    [InlineData("Cel")]
    [InlineData("K")]
    [InlineData("K/min")]
    [InlineData("Pa")]
    [InlineData("mbar")]
    [InlineData("s")]
    [InlineData("us")]
    [InlineData("min")]
    [InlineData("h")]
    [InlineData("nm")]
    [InlineData("mm")]
    [InlineData("%")]
    [InlineData("1")]
    [InlineData("{counts}")]
    [InlineData("{counts}/s")]
    [InlineData("{px}")]
    [InlineData("mL/min")]
    [InlineData("m/s2")]
    [InlineData("kg.m/s2")]
    [InlineData("cm-1")]
    [InlineData("/s")]
    [InlineData("J/(mol.K)")]
    [InlineData("10*3/uL")]
    [InlineData("mm[Hg]")]
    [InlineData("[psi]")]
    [InlineData("B[10.nV]")]
    [InlineData("eV")]
    public void Check_ValidCode_ReturnsNull(string code)
    {
        Assert.Null(UcumUnits.Check(code));
    }

    [Theory]
    [InlineData("kv", "not a UCUM unit code")]
    [InlineData("degC", "not a UCUM unit code")]
    [InlineData("Torr", "not a UCUM unit code")]
    [InlineData("k%", "not a UCUM unit code")]
    [InlineData("m/", "a unit is missing")]
    [InlineData("kg..m", "a unit is missing")]
    [InlineData("(m", "missing ')'")]
    [InlineData("{counts", "missing '}'")]
    [InlineData("k V", "not allowed")]
    [InlineData("Cel/min", "K/min")]
    [InlineData("Cel2", "offset scale")]
    [InlineData("[degF]/s", "special")]
    [InlineData("", "empty")]
    public void Check_InvalidCode_SaysWhy(string code, string expected)
    {
        var problem = UcumUnits.Check(code);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
