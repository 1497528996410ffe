namespace SmartLab.Simulators.Xrd;

/// <summary>A cubic crystal phase: lattice parameter and the atoms of the conventional cell.</summary>
/// <param name="Name">Short name, for example <c>Si</c>.</param>
/// <param name="LatticeParameter">Cubic lattice parameter a in Å.</param>
/// <param name="Atoms">All atoms of the conventional cell.</param>
public sealed record CrystalPhase(string Name, double LatticeParameter, IReadOnlyList<AtomSite> Atoms)
{
    static readonly (double X, double Y, double Z)[] FaceCentring = [(0, 0, 0), (0, 0.5, 0.5), (0.5, 0, 0.5), (0.5, 0.5, 0)];

    /// <summary>Silicon, diamond structure (Fd-3m), a = 5.4309 Å (NIST SRM 640 class).</summary>
    public static CrystalPhase Silicon { get; } = new("Si", 5.4309, [.. Fcc("Si", 0, 0, 0), .. Fcc("Si", 0.25, 0.25, 0.25)]);

    /// <summary>Rock salt, NaCl structure (Fm-3m), a = 5.6402 Å.</summary>
    public static CrystalPhase RockSalt { get; } = new("NaCl", 5.6402, [.. Fcc("Na", 0, 0, 0), .. Fcc("Cl", 0.5, 0, 0)]);

    /// <summary>Ceria, fluorite structure (Fm-3m), a = 5.4113 Å (NIST SRM 674 class).</summary>
    public static CrystalPhase Ceria { get; } = new("CeO2", 5.4113,
        [.. Fcc("Ce", 0, 0, 0), .. Fcc("O", 0.25, 0.25, 0.25), .. Fcc("O", 0.75, 0.75, 0.75)]);

    /// <summary>The phases the XRD simulator knows.</summary>
    public static IReadOnlyList<CrystalPhase> All { get; } = [Silicon, RockSalt, Ceria];

    /// <summary>Finds a phase by name (case-insensitive).</summary>
    public static CrystalPhase? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// |F(hkl)|² in electrons², from the atoms of the cell: F = Σ f_j(s) exp(2πi(hx + ky + lz)). Reflections forbidden
    /// by the structure (for silicon: mixed parity, or all even with h+k+l not a multiple of 4) come out as zero.
    /// </summary>
    public double StructureFactorSquared(int h, int k, int l, double s)
    {
        double re = 0, im = 0;
        foreach (var atom in Atoms)
        {
            var f = ScatteringFactors.F(atom.Element, s);
            var phase = 2 * Math.PI * ((h * atom.X) + (k * atom.Y) + (l * atom.Z));
            re += f * Math.Cos(phase);
            im += f * Math.Sin(phase);
        }

        return (re * re) + (im * im);
    }

    static IEnumerable<AtomSite> Fcc(string element, double x, double y, double z) =>
        FaceCentring.Select(t => new AtomSite(element, Frac(x + t.X), Frac(y + t.Y), Frac(z + t.Z)));

    static double Frac(double v) => v - Math.Floor(v);
}
