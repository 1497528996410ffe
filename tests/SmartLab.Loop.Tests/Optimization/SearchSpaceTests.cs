using System.Text.Json;
using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Tests.Optimization;

public class SearchSpaceTests
{
    private static SearchSpace MixedSpace(Func<IReadOnlyDictionary<string, object>, bool>? constraint = null) => new(
        [
            new ContinuousDimension("temperature", 200, 900, "Cel"),
            new ContinuousDimension("dwell", 5, 240, "min", log: true),
            new IntegerDimension("cycles", 1, 5),
            new CategoricalDimension("atmosphere", ["N2", "Ar", "air"]),
        ],
        constraint);

    private static Point Conditions(double temperature, double dwell, int cycles, string atmosphere) => new(
        new Dictionary<string, object> { ["temperature"] = temperature, ["dwell"] = dwell, ["cycles"] = cycles, ["atmosphere"] = atmosphere });

    [Fact]
    public void Encode_MixedPoint_UsesUnitColumnsLogScaleAndOneHot()
    {
        var space = MixedSpace();

        var encoded = space.Encode(Conditions(550, Math.Sqrt(5 * 240), 3, "Ar"));

        Assert.Equal(6, space.EncodedLength);
        Assert.Equal([0.5, 0.5, 0.5, 0, 1, 0], encoded.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Decode_EncodedPoint_RoundTrips()
    {
        var space = MixedSpace();
        var point = Conditions(312.5, 17.25, 4, "air");

        var decoded = space.Decode(space.Encode(point));

        Assert.Equal(point.GetDouble("temperature"), decoded.GetDouble("temperature"), 1e-9);
        Assert.Equal(point.GetDouble("dwell"), decoded.GetDouble("dwell"), 1e-9);
        Assert.Equal(4, decoded["cycles"]);
        Assert.Equal("air", decoded["atmosphere"]);
    }

    [Fact]
    public void Decode_OutOfRangeColumns_ClampsRoundsAndTakesLargestCategory()
    {
        var decoded = MixedSpace().Decode([1.7, -0.2, 0.6, 0.2, 0.1, 0.3]);

        Assert.Equal(900.0, decoded["temperature"]);
        Assert.Equal(5.0, decoded["dwell"]);
        Assert.Equal(3, decoded["cycles"]); // 1 + 0.6·4 = 3.4 → 3
        Assert.Equal("air", decoded["atmosphere"]);
    }

    [Fact]
    public void CreatePoint_LooseValues_ConvertsToDimensionTypes()
    {
        var json = JsonDocument.Parse("""{ "temperature": 450, "cycles": 2.0, "atmosphere": "N2" }""").RootElement;
        var values = new Dictionary<string, object>
        {
            ["temperature"] = json.GetProperty("temperature"),
            ["dwell"] = "30.5",
            ["cycles"] = json.GetProperty("cycles"),
            ["atmosphere"] = json.GetProperty("atmosphere"),
        };

        var point = MixedSpace().CreatePoint(values);

        Assert.Equal(Conditions(450, 30.5, 2, "N2"), point);
    }

    [Theory]
    [InlineData("temperature", 950.0, "outside [200, 900] Cel")]
    [InlineData("cycles", 2.5, "not a whole number")]
    [InlineData("atmosphere", "O2", "not one of N2, Ar, air")]
    public void CreatePoint_InvalidValue_NamesDimensionAndProblem(string name, object value, string expected)
    {
        var values = new Dictionary<string, object>(Conditions(500, 10, 1, "N2")) { [name] = value };

        var error = Assert.Throws<ArgumentException>(() => MixedSpace().CreatePoint(values));

        Assert.Contains($"`{name}`", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void CreatePoint_MissingDimension_SaysWhich()
    {
        var values = new Dictionary<string, object> { ["temperature"] = 500.0, ["dwell"] = 10.0, ["cycles"] = 1 };

        var error = Assert.Throws<ArgumentException>(() => MixedSpace().CreatePoint(values));

        Assert.Contains("`atmosphere`", error.Message);
    }

    [Fact]
    public void IsFeasible_ConstraintRejects_ReturnsFalse()
    {
        var space = MixedSpace(p => (double)p["temperature"] < 800 || (string)p["atmosphere"] != "air");

        Assert.True(space.IsFeasible(Conditions(850, 10, 1, "N2")));
        Assert.False(space.IsFeasible(Conditions(850, 10, 1, "air")));
    }

    [Fact]
    public void Sample_LogDimension_IsUniformInLogarithm()
    {
        var space = new SearchSpace([new ContinuousDimension("dwell", 1, 10_000, log: true)]);
        var random = new Random(1);

        var belowHundred = Enumerable.Range(0, 4000).Count(_ => space.Sample(random).GetDouble("dwell") < 100);

        Assert.InRange(belowHundred, 1800, 2200); // half the logarithmic range
    }

    [Fact]
    public void Sample_ImpossibleConstraint_ThrowsActionableError()
    {
        var space = new SearchSpace([new ContinuousDimension("x", 0, 1)], _ => false);

        var error = Assert.Throws<InvalidOperationException>(() => space.Sample(new Random(1), maxAttempts: 50));

        Assert.Contains("constraint", error.Message);
    }

    [Fact]
    public void Constructor_DuplicateDimension_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SearchSpace([new IntegerDimension("x", 0, 3), new ContinuousDimension("x", 0, 1)]));
    }

    [Fact]
    public void Point_SameValuesInOtherOrder_AreEqual()
    {
        var a = new Point(new Dictionary<string, object> { ["x"] = 1.5, ["n"] = 2, ["gas"] = "Ar" });
        var b = new Point(new Dictionary<string, object> { ["gas"] = "Ar", ["n"] = 2, ["x"] = 1.5 });
        var c = new Point(new Dictionary<string, object> { ["gas"] = "Ar", ["n"] = 2.0, ["x"] = 1.5 });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal("x=1.5, n=2, gas=Ar", a.ToString());
    }

    [Fact]
    public void Point_UnsupportedValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Point(new Dictionary<string, object> { ["x"] = double.NaN }));
        Assert.Throws<ArgumentException>(() => new Point(new Dictionary<string, object> { ["x"] = 3L }));
    }
}
