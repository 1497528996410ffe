using System.Globalization;
using System.Text;

namespace SmartLab.Profiles.Internal;

/// <summary>
/// A ratio unit reduced to UCUM's base units: an exact factor times a product of base-unit powers. kV is 10⁶ · m² · s⁻² · g
/// · C⁻¹ (UCUM's mass base is the gram); two units convert into each other when their powers agree.
/// </summary>
internal sealed class UcumProduct
{
    readonly int[] powers;

    UcumProduct(UcumRational factor, int[] powers)
    {
        Factor = factor;
        this.powers = powers;
    }

    public UcumRational Factor { get; }

    /// <summary>The dimensionless 1.</summary>
    public static UcumProduct One(int baseUnitCount) => new(UcumRational.One, new int[baseUnitCount]);

    /// <summary>A base unit itself: factor 1, power 1 on axis <paramref name="index"/>.</summary>
    public static UcumProduct Base(int baseUnitCount, int index)
    {
        var powers = new int[baseUnitCount];
        powers[index] = 1;
        return new(UcumRational.One, powers);
    }

    public UcumProduct Scale(UcumRational factor) => new(Factor * factor, powers);

    /// <summary>This times <paramref name="other"/> raised to <paramref name="exponent"/>.</summary>
    public UcumProduct Times(UcumProduct other, int exponent)
    {
        var combined = new int[powers.Length];
        for (var i = 0; i < combined.Length; i++)
        {
            combined[i] = checked(powers[i] + (other.powers[i] * exponent));
        }

        return new(Factor * other.Factor.Pow(exponent), combined);
    }

    public bool SameDimension(UcumProduct other) => powers.AsSpan().SequenceEqual(other.powers);

    /// <summary>The dimension in base units, UCUM style: <c>m/s2</c>, <c>g.m2/s2</c>, <c>1</c> when dimensionless.</summary>
    public string Dimension(IReadOnlyList<string> baseUnits)
    {
        var text = new StringBuilder();
        for (var i = 0; i < powers.Length; i++)
        {
            if (powers[i] > 0)
            {
                Append(text.Length == 0 ? "" : ".", baseUnits[i], powers[i]);
            }
        }

        for (var i = 0; i < powers.Length; i++)
        {
            if (powers[i] < 0)
            {
                Append("/", baseUnits[i], -powers[i]);
            }
        }

        return text.Length == 0 ? "1" : text.ToString();

        void Append(string separator, string unit, int power) =>
            text.Append(separator).Append(unit).Append(power == 1 ? "" : power.ToString(CultureInfo.InvariantCulture));
    }
}
