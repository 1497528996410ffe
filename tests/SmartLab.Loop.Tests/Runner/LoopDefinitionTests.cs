using System.Text.Json;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner;

namespace SmartLab.Loop.Tests.Runner;

public sealed class LoopDefinitionTests
{
    [Fact]
    public void Load_ExampleLoopFile_ReadsEverySection()
    {
        var loop = LoopDefinition.Load(Path.Combine(RepoPaths.Root, "docs", "examples", "loops", "anneal-sheet-resistance.yaml"));

        Assert.Equal(("anneal-sheet-resistance", 42, 20, 2, "bayesian", Goal.Minimize), (loop.Name, loop.Seed, loop.Budget, loop.InFlight, loop.Optimizer, loop.Goal));
        Assert.Equal(["random", "grid"], loop.Compare);
        Assert.Equal(("anneal-sheet-resistance.grid", "grid", 20), (loop.ComparisonFor("grid").Name, loop.ComparisonFor("grid").Optimizer, loop.ComparisonFor("grid").Budget));
        Assert.Equal(new LoopObjective { Step = "measure", Output = "sheetResistance", Reduce = ObjectiveReduce.Mean }, loop.Objective);
        Assert.Equal(["temperature", "dwell"], loop.Space.Select(d => d.Name));
        Assert.Equal((LoopDimensionType.Continuous, 5.0, 240.0, "min", true), (loop.Space[1].Type, loop.Space[1].Min, loop.Space[1].Max, loop.Space[1].Unit, loop.Space[1].Log));
        Assert.Equal(["anneal", "measure"], loop.Steps.Select(s => s.Name));
        Assert.Equal(("tube-furnace", "anneal"), (loop.Steps[0].InstrumentKind, loop.Steps[0].Method));
        Assert.Equal(("ITO film", "In2O3:Sn"), (loop.Sample.NamePrefix, loop.Sample.Composition));
    }

    [Fact]
    public void ToRequest_Placeholders_NumbersStayNumbersAndTextStaysText()
    {
        var loop = LoopDefinition.Parse("""
            name: types
            budget: 3
            goal: maximize
            objective: { output: yield }
            space:
              - { name: temperature, type: continuous, min: 100, max: 900 }
              - { name: passes, type: integer, min: 1, max: 5 }
              - { name: gas, values: [N2, Ar] }
            steps:
              - name: run
                instrument: furnace-01
                method: anneal
                parameters:
                  temperature: "${temperature}"
                  count: ${passes}
                  atmosphere: "${gas}"
                  rampRate: 10
                  label: "10"
                  flags: [true, null, 2.5e1]
            """);
        var point = LoopOptimizers.CreateSpace(loop).CreatePoint(new Dictionary<string, object> { ["temperature"] = 512.5, ["passes"] = 3, ["gas"] = "Ar" });

        var request = loop.Steps[0].ToRequest(point, "S-000001", "loop:types:1:run");

        var parameters = request.Parameters!.Value;
        Assert.Equal(JsonValueKind.Number, parameters.GetProperty("temperature").ValueKind);
        Assert.Equal(512.5, parameters.GetProperty("temperature").GetDouble());
        Assert.Equal("3", parameters.GetProperty("count").GetRawText());
        Assert.Equal("Ar", parameters.GetProperty("atmosphere").GetString());
        Assert.Equal(10, parameters.GetProperty("rampRate").GetInt32());
        Assert.Equal("10", parameters.GetProperty("label").GetString());
        Assert.Equal("[true,null,25]", parameters.GetProperty("flags").GetRawText());
        Assert.Equal(("furnace-01", "anneal", "S-000001", "loop:types:1:run"), (request.Instrument, request.Method, request.SampleId, request.Notes));
        Assert.Equal(("run", ObjectiveReduce.Mean, Goal.Maximize), (loop.Objective.Step, loop.Objective.Reduce, loop.Goal));
        Assert.Equal(LoopDimensionType.Categorical, loop.Space[2].Type);
    }

    public static TheoryData<string, int, string> BadFiles => new()
    {
        { Valid.Replace("budget: 4\n", "", StringComparison.Ordinal), 1, "`budget` is missing" },
        { Valid.Replace("inFlight: 2", "inflight: 2", StringComparison.Ordinal), 4, "unknown key `inflight` in the loop; did you mean `inFlight`?" },
        { Valid.Replace("budget: 4", "budget: 0", StringComparison.Ordinal), 3, "`budget` = 0 must be between 1 and 100000" },
        { Valid.Replace("goal: minimize", "goal: smallest", StringComparison.Ordinal), 5, "`goal` = `smallest` is not one of: minimize, maximize" },
        { Valid.Replace("\"${dwell}\"", "\"${dwel}\"", StringComparison.Ordinal), 14, "`${dwel}` names no dimension of `space` (dimensions: temperature, dwell)" },
        { Valid.Replace("\"${dwell}\"", "\"${dwell} min\"", StringComparison.Ordinal), 14, "is not a placeholder" },
        { Valid.Replace("dwell: \"${dwell}\", ", "", StringComparison.Ordinal), 9, "dimension `dwell` is not used by any step" },
        { Valid.Replace("min: 5, max: 60", "min: 60, max: 5", StringComparison.Ordinal), 9, "max = 5 must be greater than min = 60" },
        { Valid.Replace("min: 5, max: 60", "min: 0, max: 60", StringComparison.Ordinal), 9, "a logarithmic scale needs min > 0" },
        { Valid.Replace("instrumentKind: tube-furnace", "instrumentKind: tube-furnace\n    instrument: furnace-01", StringComparison.Ordinal), 11, "needs exactly one of `instrument`" },
        { Valid.Replace("step: measure", "step: probe", StringComparison.Ordinal), 6, "objective step `probe` is not one of the steps (anneal, measure)" },
        { Valid.Replace("  - name: measure", "  - name: anneal", StringComparison.Ordinal), 15, "step `anneal` appears twice" },
        { Valid.Replace("name: anneal-loop", "name: anneal:loop", StringComparison.Ordinal), 1, "name `anneal:loop` must be" },
        { Valid.Replace("space:\n", "space: [\n", StringComparison.Ordinal), 8, "not valid YAML" },
        { "", 1, "the file is empty" },
        { Valid.Replace("inFlight: 2", "inFlight: 2\ncompare: [random, bayesian]", StringComparison.Ordinal), 5, "compare: `bayesian` is the loop's own optimizer" },
        { Valid.Replace("inFlight: 2", "inFlight: 2\ncompare: [grid, grid]", StringComparison.Ordinal), 5, "compare: `grid` is listed twice" },
        { Valid.Replace("inFlight: 2", "inFlight: 2\ncompare: [simplex]", StringComparison.Ordinal), 5, "`compare` = `simplex` is not one of" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Parse_BadFile_NamesFileLineAndProblem(string yaml, int line, string problem)
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinition.Parse(yaml, "loops/bad.yaml"));

        Assert.Equal(("loops/bad.yaml", line), (error.File, error.Line));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"loops/bad.yaml:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysItCannotBeRead()
    {
        var error = Assert.Throws<LoopDefinitionException>(() => LoopDefinition.Load("/nonexistent/loop.yaml"));

        Assert.StartsWith("/nonexistent/loop.yaml:0: cannot read the loop file", error.Message, StringComparison.Ordinal);
    }

    const string Valid = """
        name: anneal-loop
        seed: 1
        budget: 4
        inFlight: 2
        goal: minimize
        objective: { step: measure, output: sheetResistance }
        space:
          - { name: temperature, type: continuous, min: 300, max: 700 }
          - { name: dwell, type: continuous, min: 5, max: 60, log: true }
        steps:
          - name: anneal
            instrumentKind: tube-furnace
            method: anneal
            parameters: { temperature: "${temperature}", dwell: "${dwell}", rampRate: 20, atmosphere: N2 }
          - name: measure
            instrumentKind: four-point-probe
            method: sheetResistance

        """;
}
