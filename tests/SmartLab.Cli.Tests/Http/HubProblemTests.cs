using SmartLab.Cli.Http;

namespace SmartLab.Cli.Tests.Http;

public class HubProblemTests
{
    [Fact]
    public void Format_SmartLabProblem_DetailFieldAndCode()
    {
        const string body = """
            {"type":"https://smartlab.dev/problems/below_minimum","title":"Invalid request","status":400,
             "detail":"parameter `start` = 1 deg is below the minimum 2 deg of method `theta2theta` on profile `xrd-powder@1.0.0`",
             "code":"below_minimum","field":"parameters.start"}
            """;

        Assert.Equal("parameter `start` = 1 deg is below the minimum 2 deg of method `theta2theta` on profile `xrd-powder@1.0.0` (field: parameters.start, code: below_minimum)",
            HubProblem.Parse(400, body).Format());
    }

    [Fact]
    public void FormatAll_SeveralProblems_OneLineEach()
    {
        const string body = """
            {"title":"Invalid request","detail":"`start` too small","code":"below_minimum","field":"parameters.start",
             "errors":[{"field":"parameters.start","code":"below_minimum","message":"`start` too small"},
                       {"field":"parameters.step","code":"required","message":"`step` is required"}]}
            """;

        Assert.Equal(["`start` too small (field: parameters.start, code: below_minimum)", "`step` is required (field: parameters.step, code: required)"],
            HubProblem.Parse(400, body).FormatAll());
    }

    [Fact]
    public void Format_CodeWithoutField_OnlyCode() =>
        Assert.Equal("job `J-1` is running and cannot be approved (code: invalid_transition)",
            HubProblem.Parse(409, """{"detail":"job `J-1` is running and cannot be approved","code":"invalid_transition"}""").Format());

    [Fact]
    public void Format_AspNetValidationMap_FirstErrorWithField() =>
        Assert.Equal("The JSON value could not be converted. (field: $.parameters)",
            HubProblem.Parse(400, """{"title":"One or more validation errors occurred.","status":400,"errors":{"$.parameters":["The JSON value could not be converted."]}}""").Format());

    [Fact]
    public void Format_EmptyUnauthorized_PointsAtTheToken()
    {
        var line = HubProblem.Parse(401, "").Format();

        Assert.Contains("SMARTLAB_TOKEN", line, StringComparison.Ordinal);
        Assert.EndsWith("(HTTP 401)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_HtmlFromAProxy_FirstLineAndStatus() =>
        Assert.Equal("<html><body>502 Bad Gateway</body></html> (HTTP 502)",
            HubProblem.Parse(502, "<html><body>502 Bad Gateway</body></html>\n<!-- nginx -->").Format());

    [Fact]
    public void Message_OfTheException_IsPrintedAsErrorLines()
    {
        var problem = HubProblem.Parse(400, """{"detail":"a","field":"x","errors":[{"field":"x","message":"a"},{"field":"y","message":"b"}]}""");

        Assert.Equal("a (field: x)\nerror: b (field: y)", new HubProblemException(problem).Message);
    }
}
