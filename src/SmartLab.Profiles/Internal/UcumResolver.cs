using System.Globalization;
using System.Numerics;

namespace SmartLab.Profiles.Internal;

/// <summary>
/// Reduces UCUM unit expressions to base units (<see cref="UcumResolvedUnit"/>), following each atom's definition in
/// the essence file down to m, s, g, rad, K, C and cd.
/// </summary>
internal static class UcumResolver
{
    /// <summary>Longer codes are refused before any arithmetic: real ones are a few characters, and exact factors grow with length.</summary>
    public const int MaxLength = 256;

    /// <summary>Larger exponents are refused; UCUM codes in use stay within single digits, 10*n within about ±24.</summary>
    public const int MaxExponent = 99;

    // The essence file names the function of a special unit but not its formula. These two are offset scales that are
    // linear over their ratio unit (Cel over 1 K, [degF] over 5/9 K): the offset of their zero, in their own degrees.
    static readonly Dictionary<string, UcumRational> ScaleOffsets = new(StringComparer.Ordinal)
    {
        ["Cel"] = UcumRational.Parse("273.15"),
        ["degF"] = UcumRational.Parse("459.67"),
    };

    static readonly Lazy<Dictionary<string, AtomMeaning>> Atoms = new(ResolveAtoms);

    /// <summary>True and the meaning of <paramref name="code"/>; false and a one-sentence problem naming the code otherwise.</summary>
    public static bool TryResolve(string code, out UcumResolvedUnit unit, out string? problem)
    {
        unit = null!;
        problem = Parse(code, out var expression);
        if (problem is not null)
        {
            return false;
        }

        var tables = UcumTables.Instance;
        var ratio = UcumProduct.One(tables.BaseUnits.Count);
        foreach (var factor in expression.Factors)
        {
            if (Math.Abs((long)factor.Exponent) > MaxExponent)
            {
                problem = $"`{code}` has an exponent beyond ±{MaxExponent}, which no real unit needs";
                return false;
            }

            if (factor.IsNumber)
            {
                if (factor.Symbol.All(c => c == '0'))
                {
                    problem = $"`{code}` has the factor 0, which makes it no unit at all";
                    return false;
                }

                ratio = ratio.Scale(Number(factor));
                continue;
            }

            if (!tables.TryFind(factor.Symbol, out var prefix, out var atom))
            {
                var where = factor.Symbol == code ? $"`{code}`" : $"`{factor.Symbol}` in `{code}`";
                problem = $"{where} is not a UCUM unit code (codes are case-sensitive, for example kV, mA, Pa, Cel, deg, h, min, {{counts}})";
                return false;
            }

            var meaning = Atoms.Value[atom.Code];
            var prefixed = meaning.Ratio.Scale(PrefixValue(prefix));
            if (meaning.IsSpecial && expression.IsSingleUnit && expression.Factors.Count == 1)
            {
                // A lone temperature is a point on its scale: 20 Cel is 293.15 K. Offset × ratio factor, without the
                // prefix, because the offset is in whole degrees of the scale: x mCel is (x/1000 + 273.15) · 1 K.
                unit = meaning.Offset is { } offset
                    ? new(prefixed, offset * meaning.Ratio.Factor, null)
                    : new(prefixed, UcumRational.Zero, atom.Code);
                return true;
            }

            if (meaning.IsSpecial && meaning.Offset is null)
            {
                problem = $"`{code}`: {atom.Code} is a special (non-ratio) unit and cannot be part of a unit expression";
                return false;
            }

            // UCUM forbids Cel and [degF] inside an expression, yet lab rates are written Cel/min as often as K/min.
            // Inside an expression a temperature can only be a difference, so it is taken as its ratio unit: Cel as
            // K, [degF] as 5/9 K. That makes Cel/min and K/min the same rate.
            ratio = ratio.Times(prefixed, factor.Exponent);
        }

        unit = new(ratio, UcumRational.Zero, null);
        return true;
    }

    static string? Parse(string code, out UcumExpression expression)
    {
        expression = null!;
        if (code.Length == 0)
        {
            return "the unit is empty; write 1 for a dimensionless number";
        }

        if (code.Length > MaxLength)
        {
            return $"the unit `{code[..20]}…` is longer than {MaxLength} characters";
        }

        try
        {
            expression = UcumExpression.Parse(code);
            return null;
        }
        catch (FormatException e)
        {
            return $"`{code}` is not a UCUM unit expression: {e.Message}";
        }
    }

    static UcumRational Number(UcumFactor factor) =>
        UcumRational.FromInteger(BigInteger.Parse(factor.Symbol, CultureInfo.InvariantCulture)).Pow(factor.Exponent);

    static UcumRational PrefixValue(string prefix) =>
        prefix.Length == 0 ? UcumRational.One : UcumRational.Parse(UcumTables.Instance.PrefixValues[prefix]);

    static Dictionary<string, AtomMeaning> ResolveAtoms()
    {
        var tables = UcumTables.Instance;
        var resolved = new Dictionary<string, AtomMeaning>(StringComparer.Ordinal);
        for (var i = 0; i < tables.BaseUnits.Count; i++)
        {
            resolved[tables.BaseUnits[i]] = new(UcumProduct.Base(tables.BaseUnits.Count, i), IsSpecial: false, Offset: null);
        }

        var inProgress = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in tables.Definitions.Keys)
        {
            Resolve(code);
        }

        return resolved;

        AtomMeaning Resolve(string code)
        {
            if (resolved.TryGetValue(code, out var known))
            {
                return known;
            }

            if (!inProgress.Add(code))
            {
                throw new InvalidOperationException($"The UCUM essence file defines {code} in terms of itself.");
            }

            var definition = tables.Definitions[code];
            var isSpecial = definition.FunctionName is not null;
            var unitText = isSpecial ? definition.FunctionUnit! : definition.Unit;
            var value = UcumRational.Parse(isSpecial ? definition.FunctionValue! : definition.Value);

            var expression = UcumExpression.Parse(unitText);
            var ratio = UcumProduct.One(tables.BaseUnits.Count).Scale(value);
            foreach (var factor in expression.Factors)
            {
                if (factor.IsNumber)
                {
                    ratio = ratio.Scale(Number(factor));
                }
                else if (tables.TryFind(factor.Symbol, out var prefix, out var atom))
                {
                    ratio = ratio.Times(Resolve(atom.Code).Ratio.Scale(PrefixValue(prefix)), factor.Exponent);
                }
                else
                {
                    throw new InvalidOperationException($"The UCUM essence file defines {code} with the unknown unit {factor.Symbol}.");
                }
            }

            var offset = isSpecial && ScaleOffsets.TryGetValue(definition.FunctionName!, out var zero) ? zero : (UcumRational?)null;
            var meaning = new AtomMeaning(ratio, isSpecial, offset);
            inProgress.Remove(code);
            resolved[code] = meaning;
            return meaning;
        }
    }

    /// <summary>An atom without prefix: its ratio unit, and for Cel and [degF] the offset of their zero in their own degrees.</summary>
    sealed record AtomMeaning(UcumProduct Ratio, bool IsSpecial, UcumRational? Offset);
}
