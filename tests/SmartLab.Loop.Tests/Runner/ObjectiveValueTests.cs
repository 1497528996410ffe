using System.Text.Json;
using SmartLab.Loop.Runner;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Tests.Runner;

public sealed class ObjectiveValueTests
{
    static readonly JsonElement Document = JsonDocument.Parse("""
        { "data": { "sheetResistance": [12.0, 14.0, 10.0, 13.0], "grid": [[1, 2], [3, 6]], "thickness": 101.5, "note": "ok" } }
        """).RootElement;

    [Theory]
    [InlineData("sheetResistance", ObjectiveReduce.Mean, 12.25)]
    [InlineData("sheetResistance", ObjectiveReduce.Min, 10.0)]
    [InlineData("sheetResistance", ObjectiveReduce.Max, 14.0)]
    [InlineData("sheetResistance", ObjectiveReduce.Last, 13.0)]
    [InlineData("grid", ObjectiveReduce.Mean, 3.0)]
    [InlineData("thickness", ObjectiveReduce.Max, 101.5)]
    public void Read_ArrayOrScalar_ReducesAsAsked(string output, ObjectiveReduce reduce, double expected)
    {
        var value = ObjectiveValue.Read(Document, new LoopObjective { Step = "measure", Output = output, Reduce = reduce }, "M-1");

        Assert.Equal(expected, value, 12);
    }

    [Fact]
    public void Read_UnknownOutput_ListsTheOutputsThereAre()
    {
        var error = Assert.Throws<LoopRunException>(() => ObjectiveValue.Read(Document, new LoopObjective { Step = "measure", Output = "resistance" }, "M-1"));

        Assert.Equal("measurement M-1 has no output `resistance`; it has: sheetResistance, grid, thickness, note. Fix `objective.output` in the loop file.",
            error.Message);
    }

    [Fact]
    public void Read_TextOutput_SaysItHoldsNoNumbers()
    {
        var error = Assert.Throws<LoopRunException>(() => ObjectiveValue.Read(Document, new LoopObjective { Step = "measure", Output = "note" }, "M-1"));

        Assert.Contains("holds no numbers", error.Message, StringComparison.Ordinal);
    }
}
