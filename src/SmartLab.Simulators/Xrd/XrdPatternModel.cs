using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.Xrd;

/// <summary>
/// Powder pattern of a cubic phase on a Bragg-Brentano diffractometer with a Cu tube: Bragg angles from the lattice,
/// intensities from structure factors, multiplicity, Lorentz-polarisation and a Debye-Waller factor, pseudo-Voigt
/// peaks whose width follows Caglioti's law, the Kα2 doublet, a smooth background and counting (Poisson) noise.
/// </summary>
public sealed class XrdPatternModel
{
    /// <summary>Cu Kα1 wavelength, Å.</summary>
    public const double CuKAlpha1 = 1.5406;

    /// <summary>Cu Kα2 wavelength, Å.</summary>
    public const double CuKAlpha2 = 1.54439;

    /// <summary>Intensity of Kα2 relative to Kα1.</summary>
    public const double KAlpha2Ratio = 0.5;

    /// <summary>Excitation voltage of the Cu K shell, kV: no characteristic radiation below it.</summary>
    public const double CuKEdgeKilovolts = 8.98;

    /// <summary>Tube voltage (kV) at which <see cref="StrongestPeakRate"/> holds.</summary>
    public const double ReferenceVoltage = 40;

    /// <summary>Tube current (mA) at which <see cref="StrongestPeakRate"/> holds.</summary>
    public const double ReferenceCurrent = 30;

    /// <summary>Count rate at the top of the strongest peak at the reference power, counts/s.</summary>
    public const double StrongestPeakRate = 20000;

    const double DebyeWallerB = 0.5;
    const double CagliotiU = 0.010;
    const double CagliotiV = -0.005;
    const double CagliotiW = 0.005;
    const double LorentzianFraction = 0.5;
    const double MaxTwoTheta = 165;

    readonly double _scale;

    /// <summary>Computes the reflections of <paramref name="phase"/> for Cu Kα1.</summary>
    public XrdPatternModel(CrystalPhase phase)
    {
        Phase = phase;
        Reflections = ComputeReflections(phase);
        var top = Reflections.Max(r => RawPeakRate(r.TwoTheta));
        _scale = StrongestPeakRate / top;
    }

    /// <summary>The phase.</summary>
    public CrystalPhase Phase { get; }

    /// <summary>Reflections up to 2θ = 165°, by increasing angle.</summary>
    public IReadOnlyList<Reflection> Reflections { get; }

    /// <summary>2θ in degrees for spacing <paramref name="d"/> (Å) and wavelength <paramref name="lambda"/> (Å): 2·asin(λ/2d); NaN when unreachable.</summary>
    public static double BraggTwoTheta(double d, double lambda)
    {
        var sin = lambda / (2 * d);
        return sin > 1 ? double.NaN : 2 * Math.Asin(sin) * 180 / Math.PI;
    }

    /// <summary>
    /// Relative output of the tube: proportional to current, and to (V − V_K)^1.67 for the characteristic lines; 1 at 40 kV, 30 mA.
    /// </summary>
    public static double TubeFactor(double voltage, double current)
    {
        if (voltage <= CuKEdgeKilovolts || current <= 0)
        {
            return 0;
        }

        return current / ReferenceCurrent * Math.Pow((voltage - CuKEdgeKilovolts) / (ReferenceVoltage - CuKEdgeKilovolts), 1.67);
    }

    /// <summary>Expected (noise-free) count rate at <paramref name="twoTheta"/> degrees with the shutter open, counts/s.</summary>
    public double CountRate(double twoTheta, double voltage, double current) =>
        TubeFactor(voltage, current) * ((_scale * RawPeakRate(twoTheta)) + Background(twoTheta));

    /// <summary>Counts at each angle for <paramref name="dwellSeconds"/> per step, with Poisson noise.</summary>
    internal long[] Scan(IReadOnlyList<double> twoTheta, double dwellSeconds, double voltage, double current, Noise noise)
    {
        var counts = new long[twoTheta.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = noise.Poisson(CountRate(twoTheta[i], voltage, current) * dwellSeconds);
        }

        return counts;
    }

    /// <summary>Full width at half maximum at <paramref name="twoTheta"/>, degrees (Caglioti: H² = U tan²θ + V tanθ + W).</summary>
    public static double Fwhm(double twoTheta)
    {
        var tan = Math.Tan(twoTheta * Math.PI / 360);
        return Math.Sqrt(Math.Max(1e-6, (CagliotiU * tan * tan) + (CagliotiV * tan) + CagliotiW));
    }

    double RawPeakRate(double twoTheta)
    {
        var sum = 0.0;
        foreach (var r in Reflections)
        {
            sum += r.Intensity * PseudoVoigt(twoTheta - r.TwoTheta, Fwhm(r.TwoTheta));
            var alpha2 = BraggTwoTheta(r.DSpacing, CuKAlpha2);
            if (!double.IsNaN(alpha2))
            {
                sum += KAlpha2Ratio * r.Intensity * PseudoVoigt(twoTheta - alpha2, Fwhm(alpha2));
            }
        }

        return sum;
    }

    /// <summary>Air scatter at low angle, a weak amorphous hump from the holder and a flat floor, counts/s at the reference power.</summary>
    static double Background(double twoTheta) =>
        35 + (400 * Math.Exp(-(twoTheta - 2) / 4)) + (15 * Math.Exp(-Math.Pow((twoTheta - 22) / 7, 2)));

    /// <summary>Area-normalised pseudo-Voigt profile.</summary>
    static double PseudoVoigt(double x, double fwhm)
    {
        if (Math.Abs(x) > 30 * fwhm)
        {
            return 0;
        }

        var z = 2 * x / fwhm;
        var lorentz = 2 / (Math.PI * fwhm) / (1 + (z * z));
        var gauss = 2 / fwhm * Math.Sqrt(Math.Log(2) / Math.PI) * Math.Exp(-Math.Log(2) * z * z);
        return (LorentzianFraction * lorentz) + ((1 - LorentzianFraction) * gauss);
    }

    static List<Reflection> ComputeReflections(CrystalPhase phase)
    {
        var a = phase.LatticeParameter;
        var max = (int)Math.Floor(2 * a / CuKAlpha1);
        var groups = new SortedDictionary<int, (int H, int K, int L, int Multiplicity, double SumF2)>();
        for (var h = -max; h <= max; h++)
        {
            for (var k = -max; k <= max; k++)
            {
                for (var l = -max; l <= max; l++)
                {
                    var n = (h * h) + (k * k) + (l * l);
                    if (n == 0 || Math.Sqrt(n) > 2 * a / CuKAlpha1)
                    {
                        continue;
                    }

                    var s = Math.Sqrt(n) / (2 * a);
                    var f2 = phase.StructureFactorSquared(h, k, l, s);
                    if (f2 < 1e-6)
                    {
                        continue;
                    }

                    groups.TryGetValue(n, out var g);
                    if (g.Multiplicity == 0)
                    {
                        int[] idx = [Math.Abs(h), Math.Abs(k), Math.Abs(l)];
                        Array.Sort(idx);
                        g = (idx[2], idx[1], idx[0], 0, 0);
                    }

                    groups[n] = (g.H, g.K, g.L, g.Multiplicity + 1, g.SumF2 + f2);
                }
            }
        }

        var reflections = new List<Reflection>();
        foreach (var (n, g) in groups)
        {
            var d = a / Math.Sqrt(n);
            var twoTheta = BraggTwoTheta(d, CuKAlpha1);
            if (double.IsNaN(twoTheta) || twoTheta > MaxTwoTheta)
            {
                continue;
            }

            var theta = twoTheta * Math.PI / 360;
            var lorentzPolarisation = (1 + Math.Pow(Math.Cos(2 * theta), 2)) / (Math.Pow(Math.Sin(theta), 2) * Math.Cos(theta));
            var s = 1 / (2 * d);
            var intensity = g.SumF2 * lorentzPolarisation * Math.Exp(-2 * DebyeWallerB * s * s);
            reflections.Add(new Reflection(g.H, g.K, g.L, d, twoTheta, g.Multiplicity, intensity));
        }

        return reflections;
    }
}
