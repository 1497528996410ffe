namespace SmartLab.Simulators.Xrd;

/// <summary>
/// X-ray atomic scattering factors f(s), s = sin θ / λ in 1/Å, from the Cromer-Mann nine-coefficient fit
/// (International Tables for Crystallography, vol. C, table 6.1.1.4): f = Σ aᵢ exp(-bᵢ s²) + c.
/// </summary>
public static class ScatteringFactors
{
    static readonly Dictionary<string, (double[] A, double[] B, double C)> Coefficients = new(StringComparer.Ordinal)
    {
        ["O"] = ([3.0485, 2.2868, 1.5463, 0.8670], [13.2771, 5.7011, 0.3239, 32.9089], 0.2508),
        ["Na"] = ([4.7626, 3.1736, 1.2674, 1.1128], [3.2850, 8.8422, 0.3136, 129.424], 0.6760),
        ["Si"] = ([6.2915, 3.0353, 1.9891, 1.5410], [2.4386, 32.3337, 0.6785, 81.6937], 1.1407),
        ["Cl"] = ([11.4604, 7.1962, 6.2556, 1.6455], [0.0104, 1.1662, 18.5194, 47.7784], -9.5574),
        ["Ce"] = ([21.1671, 19.7695, 11.8513, 3.33049], [2.81219, 0.226836, 17.6083, 127.113], 1.86264),
    };

    /// <summary>Elements with coefficients.</summary>
    public static IEnumerable<string> Elements => Coefficients.Keys;

    /// <summary>f of <paramref name="element"/> at <paramref name="s"/> = sin θ / λ (1/Å), in electrons.</summary>
    public static double F(string element, double s)
    {
        if (!Coefficients.TryGetValue(element, out var c))
        {
            throw new ArgumentException($"no scattering factor for element {element}", nameof(element));
        }

        var s2 = s * s;
        var f = c.C;
        for (var i = 0; i < 4; i++)
        {
            f += c.A[i] * Math.Exp(-c.B[i] * s2);
        }

        return f;
    }
}
