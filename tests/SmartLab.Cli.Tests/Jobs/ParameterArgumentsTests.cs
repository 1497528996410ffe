using System.Text.Json;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Jobs;

namespace SmartLab.Cli.Tests.Jobs;

public class ParameterArgumentsTests
{
    static string Json(params string[] arguments) => ParameterArguments.Parse(arguments)!.Value.GetRawText();

    [Theory]
    [InlineData("start=10", """{"start":10}""")]
    [InlineData("step=0.02", """{"step":0.02}""")]
    [InlineData("offset=-1.5e3", """{"offset":-1500}""")]
    [InlineData("temperature=500 Cel", """{"temperature":{"value":500,"unit":"Cel"}}""")]
    [InlineData("temperature=500[Cel]", """{"temperature":{"value":500,"unit":"Cel"}}""")]
    [InlineData("temperature=500 [Cel]", """{"temperature":{"value":500,"unit":"Cel"}}""")]
    [InlineData("rate=2.5 K/min", """{"rate":{"value":2.5,"unit":"K/min"}}""")]
    [InlineData("rate= 10 {counts}/s ", """{"rate":{"value":10,"unit":"{counts}/s"}}""")]
    public void Parse_NumbersAndQuantities_BecomeJsonNumbersOrValueUnitObjects(string argument, string expected) =>
        Assert.Equal(expected, Json(argument));

    [Theory]
    [InlineData("enabled=true", """{"enabled":true}""")]
    [InlineData("enabled=False", """{"enabled":false}""")]
    [InlineData("label=hello world", """{"label":"hello world"}""")]
    [InlineData("label=\"500\"", """{"label":"500"}""")]
    [InlineData("label='true'", """{"label":"true"}""")]
    [InlineData("code=0x10", """{"code":"0x10"}""")]
    [InlineData("value=NaN", """{"value":"NaN"}""")]
    [InlineData("gas=Ar 5.0", """{"gas":"Ar 5.0"}""")]
    [InlineData("expression=a=b", """{"expression":"a=b"}""")]
    [InlineData("empty=", """{"empty":""}""")]
    [InlineData("points=[1, 2.5, 3]", """{"points":[1,2.5,3]}""")]
    public void Parse_BooleansTextAndJson_KeepTheirTypes(string argument, string expected) =>
        Assert.Equal(expected, Json(argument));

    [Fact]
    public void Parse_SeveralParameters_KeepsOrder() =>
        Assert.Equal("""{"start":10,"stop":80,"dwell":{"value":500,"unit":"ms"}}""", Json("start=10", "stop=80", "dwell=500 ms"));

    [Fact]
    public void Parse_NoArguments_IsNull()
    {
        Assert.Null(ParameterArguments.Parse([]));
        Assert.Null(ParameterArguments.Parse(null));
    }

    [Theory]
    [InlineData("start", "name=value")]
    [InlineData("=5", "name=value")]
    [InlineData("points=[1,", "not valid JSON")]
    public void Parse_Malformed_UsageErrorSaysWhy(string argument, string expected)
    {
        var error = Assert.Throws<UsageException>(() => ParameterArguments.Parse([argument]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameNameTwice_UsageError()
    {
        var error = Assert.Throws<UsageException>(() => ParameterArguments.Parse(["start=1", "start=2"]));
        Assert.Contains("`start`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Result_IsAJsonObject() =>
        Assert.Equal(JsonValueKind.Object, ParameterArguments.Parse(["a=1"])!.Value.ValueKind);
}
