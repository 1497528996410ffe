using SmartLab.Simulators.Internal;

namespace SmartLab.Simulators.UvVis;

/// <summary>
/// Absorbance spectrum of a sample as a sum of Gaussian bands on a short-wavelength solvent cut-off, measured with
/// photometric noise that grows in the deep UV (little deuterium-lamp energy) and at high absorbance (little light left).
/// </summary>
public sealed class AbsorbanceModel(string sampleName, IReadOnlyList<AbsorptionBand> bands)
{
    /// <summary>Lamp change-over wavelength (deuterium below, tungsten-halogen above), nm.</summary>
    public const double ChangeoverNanometres = 340;

    /// <summary>Methylene blue, about 10 µM in water, 10 mm cuvette: the 664 nm band with its 612 nm vibronic shoulder and two UV bands.</summary>
    public static AbsorbanceModel MethyleneBlue { get; } = new("methylene blue (aq), 10 mm", [
        new(664, 0.95, 17),
        new(612, 0.38, 22),
        new(292, 0.82, 12),
        new(246, 0.50, 10),
    ]);

    /// <summary>What the simulated cuvette holds.</summary>
    public string SampleName { get; } = sampleName;

    /// <summary>The bands.</summary>
    public IReadOnlyList<AbsorptionBand> Bands { get; } = bands;

    /// <summary>True (noise-free) absorbance at <paramref name="wavelength"/> nm.</summary>
    public double Absorbance(double wavelength)
    {
        // Water and cuvette absorb strongly toward 190 nm.
        var a = 2.5 * Math.Exp(-(wavelength - 190) / 9);
        foreach (var band in Bands)
        {
            var z = (wavelength - band.CenterNanometres) / band.WidthNanometres;
            a += band.PeakAbsorbance * Math.Exp(-0.5 * z * z);
        }

        return a;
    }

    /// <summary>Standard deviation of a reading, in absorbance units, for a base noise level <paramref name="sigma"/>.</summary>
    public static double NoiseAt(double wavelength, double absorbance, double sigma) =>
        sigma * (1 + (4 * Math.Exp(-(wavelength - 190) / 15))) * (1 + Math.Pow(10, absorbance - 1.5));

    /// <summary>
    /// A measured spectrum: true absorbance, a slight step at the lamp change-over, a baseline tilt of
    /// <paramref name="baselineDrift"/> (lamp still warming up) and noise of base level <paramref name="sigma"/>.
    /// </summary>
    internal double[] Measure(IReadOnlyList<double> wavelengths, double sigma, double baselineDrift, Noise noise)
    {
        var result = new double[wavelengths.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var wl = wavelengths[i];
            var a = Absorbance(wl);
            var step = wl < ChangeoverNanometres ? 0.0015 : 0;
            var drift = baselineDrift * (wl - 190) / 910;
            result[i] = Math.Round(a + step + drift + noise.Gaussian(NoiseAt(wl, a, sigma)), 4);
        }

        return result;
    }
}
