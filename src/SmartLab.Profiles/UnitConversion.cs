using System.Globalization;
using SmartLab.Profiles.Internal;

namespace SmartLab.Profiles;

/// <summary>
/// Converts a number between UCUM units (case-sensitive codes such as <c>h</c>, <c>min</c>, <c>kV</c>, <c>mL/min</c>,
/// <c>Cel</c>), so a job parameter given as 0.5 h can be handed to a device that declares it in min.
/// </summary>
/// <remarks>
/// Factors come from UCUM's own tables and are kept exact; the result is rounded once, so conversions whose factors
/// are exact give exact answers (0.5 h is 30 min, 1 kV is 1000 V). The value is taken as the decimal it prints as.
/// Cel and [degF] on their own are temperature scales (20 Cel is 293.15 K); inside an expression (Cel/min) they are
/// temperature differences, the same as K and 5/9 K. Other special units (logarithmic ones such as [pH] or B[V])
/// convert only to themselves.
/// </remarks>
public static class UnitConversion
{
    /// <summary>
    /// true and the converted value when `from` converts to `to`; false and a one-sentence problem otherwise (unknown
    /// unit, syntax error, different dimensions, special unit inside an expression).
    /// </summary>
    /// <param name="value">The number, in <paramref name="from"/>; must be finite.</param>
    /// <param name="from">The UCUM code the value is given in.</param>
    /// <param name="to">The UCUM code wanted, typically the one a device profile declares.</param>
    /// <param name="converted">The value in <paramref name="to"/>; 0 when the conversion fails.</param>
    /// <param name="problem">Null on success; otherwise what is wrong, naming the unit concerned.</param>
    public static bool TryConvert(double value, string from, string to, out double converted, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        converted = 0;

        if (!double.IsFinite(value))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the value {value} (in `{from}`) is not a finite number");
            return false;
        }

        if (!UcumResolver.TryResolve(from, out var source, out problem))
        {
            return false;
        }

        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            converted = value;
            return true;
        }

        if (!UcumResolver.TryResolve(to, out var target, out problem))
        {
            return false;
        }

        if ((source.NonRatioAtom ?? target.NonRatioAtom) is { } special)
        {
            problem = $"`{from}` cannot be converted to `{to}`: {special} is a special (non-ratio) unit that converts only to itself";
            return false;
        }

        if (!source.Ratio.SameDimension(target.Ratio))
        {
            var baseUnits = UcumTables.Instance.BaseUnits;
            problem = $"`{from}` cannot be converted to `{to}`: they measure different quantities "
                + $"({source.Ratio.Dimension(baseUnits)} versus {target.Ratio.Dimension(baseUnits)} in base units)";
            return false;
        }

        var inBaseUnits = (UcumRational.FromDouble(value) * source.Ratio.Factor) + source.Offset;
        var result = ((inBaseUnits - target.Offset) / target.Ratio.Factor).ToDouble();
        if (!double.IsFinite(result))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{value} `{from}` is too large to express in `{to}`");
            return false;
        }

        converted = result;
        problem = null;
        return true;
    }
}
