using SmartLab.Simulators.Internal;
using SmartLab.Simulators.Xrd;

namespace SmartLab.Agent.Tests.Simulators;

public sealed class XrdPatternModelTests
{
    static readonly XrdPatternModel Silicon = new(CrystalPhase.Silicon);

    [Theory]
    [InlineData(1, 1, 1, 28.442)]
    [InlineData(2, 2, 0, 47.303)]
    [InlineData(3, 1, 1, 56.123)]
    [InlineData(4, 0, 0, 69.131)]
    public void Reflections_Silicon_AtBraggAnglesForCuKAlpha1(int h, int k, int l, double expectedTwoTheta)
    {
        var reflection = Assert.Single(Silicon.Reflections, r => (r.H, r.K, r.L) == (h, k, l));

        var bragg = 2 * Math.Asin(XrdPatternModel.CuKAlpha1 * Math.Sqrt((h * h) + (k * k) + (l * l)) / (2 * 5.4309)) * 180 / Math.PI;
        Assert.Equal(bragg, reflection.TwoTheta, 6);
        Assert.Equal(expectedTwoTheta, reflection.TwoTheta, 2);
    }

    [Fact]
    public void Reflections_Silicon_ForbiddenDiamondReflectionsAbsent()
    {
        // Diamond structure: (200) and (222) have zero structure factor, (100)/(110) are FCC-forbidden.
        Assert.DoesNotContain(Silicon.Reflections, r => (r.H, r.K, r.L) is (2, 0, 0) or (2, 2, 2) or (1, 0, 0) or (1, 1, 0) or (2, 1, 0));
        Assert.Equal(8, Assert.Single(Silicon.Reflections, r => (r.H, r.K, r.L) == (1, 1, 1)).Multiplicity);
    }

    [Fact]
    public void Scan_Silicon_StrongestPeaksAtTheBraggAngles()
    {
        var angles = Enumerable.Range(0, 3501).Select(i => 10 + (i * 0.02)).ToArray();

        var counts = Silicon.Scan(angles, 1, 40, 30, new Noise(42));

        var strongest = angles[Array.IndexOf(counts, counts.Max())];
        Assert.InRange(strongest, 28.40, 28.48);

        // The three strongest peaks are (111), (220) and (311), each with its maximum at its Bragg angle.
        double[] bragg = [28.442, 47.303, 56.123];
        foreach (var expected in bragg)
        {
            var window = Enumerable.Range(0, angles.Length).Where(i => Math.Abs(angles[i] - expected) <= 0.5).ToList();
            var top = window.MaxBy(i => counts[i]);
            Assert.InRange(angles[top], expected - 0.05, expected + 0.05);
        }

        var weakestOfThree = bragg.Min(expected => Enumerable.Range(0, angles.Length).Where(i => Math.Abs(angles[i] - expected) <= 0.5).Max(i => counts[i]));
        var strongestElsewhere = Enumerable.Range(0, angles.Length).Where(i => bragg.All(b => Math.Abs(angles[i] - b) > 0.5)).Max(i => counts[i]);
        Assert.True(weakestOfThree > strongestElsewhere, $"(311) {weakestOfThree} counts vs {strongestElsewhere} elsewhere");
    }

    [Fact]
    public void Reflections_RockSalt_StrongestIsTwoHundred()
    {
        var nacl = new XrdPatternModel(CrystalPhase.RockSalt);

        var strongest = nacl.Reflections.MaxBy(r => r.Intensity)!;

        Assert.Equal((2, 0, 0), (strongest.H, strongest.K, strongest.L));
        Assert.Equal(31.69, strongest.TwoTheta, 1);
    }

    [Fact]
    public void CountRate_TubePowerAndDwell_ScaleTheSignal()
    {
        var full = Silicon.CountRate(28.442, 40, 30);
        var halfCurrent = Silicon.CountRate(28.442, 40, 15);

        Assert.InRange(full, 0.9 * XrdPatternModel.StrongestPeakRate, 1.2 * XrdPatternModel.StrongestPeakRate);
        Assert.Equal(full / 2, halfCurrent, 6);
        Assert.True(Silicon.CountRate(28.442, 60, 30) > full);
        Assert.Equal(0, Silicon.CountRate(28.442, 8, 30));

        var angles = new[] { 28.442 };
        var oneSecond = Silicon.Scan(angles, 1, 40, 30, new Noise(1))[0];
        var tenSeconds = Silicon.Scan(angles, 10, 40, 30, new Noise(1))[0];
        Assert.InRange(tenSeconds / (double)oneSecond, 9, 11);
    }
}
