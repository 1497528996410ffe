namespace SmartLab.Simulators.Xrd;

/// <summary>A family of reflections that share one Bragg angle.</summary>
/// <param name="H">Miller index h of a representative member (h ≥ k ≥ l ≥ 0).</param>
/// <param name="K">Miller index k.</param>
/// <param name="L">Miller index l.</param>
/// <param name="DSpacing">Interplanar spacing d in Å.</param>
/// <param name="TwoTheta">Bragg angle 2θ in degrees for the wavelength used.</param>
/// <param name="Multiplicity">Number of (hkl) with non-zero structure factor that coincide here.</param>
/// <param name="Intensity">Integrated intensity, relative (|F|² × multiplicity × Lorentz-polarisation × Debye-Waller).</param>
public sealed record Reflection(int H, int K, int L, double DSpacing, double TwoTheta, int Multiplicity, double Intensity);
