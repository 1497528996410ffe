using SmartLab.Simulators.Films;

namespace SmartLab.Agent.Tests.Simulators;

public sealed class FilmResponseTests
{
    // The demo loop's search space: 200 to 900 °C, 5 to 240 min on a log scale.
    static IEnumerable<(double T, double Dwell)> Grid(int temperatures = 141, int dwells = 120)
    {
        for (var i = 0; i < temperatures; i++)
        {
            for (var j = 0; j < dwells; j++)
            {
                yield return (200 + (700.0 * i / (temperatures - 1)), 5 * Math.Pow(240.0 / 5, (double)j / (dwells - 1)));
            }
        }
    }

    [Fact]
    public void Expected_GridOverDemoSpace_MinimumAtDocumentedOptimum()
    {
        var best = Grid().MinBy(p => FilmResponse.Expected(p.T, p.Dwell, "N2"));

        // Grid steps are 5 K and a factor 1.033 in dwell.
        Assert.InRange(best.T, FilmResponse.OptimumTemperature - 5, FilmResponse.OptimumTemperature + 5);
        Assert.InRange(best.Dwell, FilmResponse.OptimumDwell / 1.034, FilmResponse.OptimumDwell * 1.034);
        Assert.All(Grid(), p => Assert.True(FilmResponse.Expected(p.T, p.Dwell, "N2") >= FilmResponse.MinimumResistance));
    }

    [Fact]
    public void Expected_AtOptimum_IsMinimumResistanceAndEveryNeighbourIsHigher()
    {
        var at = FilmResponse.Expected(FilmResponse.OptimumTemperature, FilmResponse.OptimumDwell, "N2");

        Assert.Equal(FilmResponse.MinimumResistance, at, 12);
        foreach (var dT in new[] { -1.0, 0, 1 })
        {
            foreach (var factor in new[] { 0.99, 1, 1.01 })
            {
                if (dT != 0 || factor != 1)
                {
                    Assert.True(FilmResponse.Expected(FilmResponse.OptimumTemperature + dT, FilmResponse.OptimumDwell * factor, "N2") > at,
                        $"({dT:+0;-0;0} K, ×{factor}) is not above the optimum");
                }
            }
        }
    }

    [Theory]
    [InlineData("N2", 1.0)]
    [InlineData("Ar", 1.0)]
    [InlineData("air", 1.3)]
    [InlineData("forming-gas", 0.9)]
    public void Expected_EachAtmosphere_ScalesTheSurfaceWithoutMovingTheMinimum(string atmosphere, double factor)
    {
        Assert.Equal(factor, FilmResponse.AtmosphereFactor(atmosphere));
        Assert.Equal(FilmResponse.MinimumResistance * factor,
            FilmResponse.Expected(FilmResponse.OptimumTemperature, FilmResponse.OptimumDwell, atmosphere), 12);
        var best = Grid(71, 60).MinBy(p => FilmResponse.Expected(p.T, p.Dwell, atmosphere));
        Assert.InRange(best.T, FilmResponse.OptimumTemperature - 10, FilmResponse.OptimumTemperature + 10);
    }

    [Fact]
    public void Expected_OverDemoSpace_StaysBelowAsDepositedAndIsWorstAtTheSmallestThermalBudget()
    {
        var worst = Grid().MaxBy(p => FilmResponse.Expected(p.T, p.Dwell, "N2"));

        Assert.Equal((200, 5), (Math.Round(worst.T), Math.Round(worst.Dwell)));
        Assert.InRange(FilmResponse.Expected(worst.T, worst.Dwell, "N2"), 100, FilmResponse.AsDepositedResistance);
    }

    [Fact]
    public void Expected_HotterAnneal_PrefersAShorterDwell()
    {
        static double BestDwell(double t) =>
            Enumerable.Range(0, 400).Select(j => 5 * Math.Pow(240.0 / 5, j / 399.0)).MinBy(d => FilmResponse.Expected(t, d, "N2"));

        Assert.True(BestDwell(700) < FilmResponse.OptimumDwell);
        Assert.True(BestDwell(400) > FilmResponse.OptimumDwell);
    }

    [Fact]
    public void Expected_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => FilmResponse.Expected(500, 30, "vacuum"));
        Assert.Throws<ArgumentOutOfRangeException>(() => FilmResponse.Expected(500, 0, "N2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => FilmResponse.Expected(double.NaN, 30, "N2"));
    }

    [Fact]
    public void LatestAnneal_TwoAnneals_ReturnsTheLastAndKeepsBothInOrder()
    {
        var samples = new SimulatedSamples();
        var first = new FilmAnneal("S-1", 400, 400, 30, "air", "furnace-01", "J-1", DateTimeOffset.UnixEpoch);
        var second = first with { PeakTemperatureCelsius = 600, JobId = "J-2" };

        samples.RecordAnneal(first);
        samples.RecordAnneal(second);

        Assert.Same(second, samples.LatestAnneal("S-1"));
        Assert.Equal([first, second], samples.Anneals("S-1"));
        Assert.Null(samples.LatestAnneal("S-2"));
        Assert.Empty(samples.Anneals("S-2"));
        Assert.Equal(FilmResponse.Expected(600, 30, "air"), second.ExpectedSheetResistance);
    }
}
