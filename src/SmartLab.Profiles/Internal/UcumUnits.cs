namespace SmartLab.Profiles.Internal;

/// <summary>
/// Checks UCUM case-sensitive unit codes: the expression syntax here (<c>.</c>, <c>/</c>, exponents, parentheses,
/// <c>{annotations}</c>), the unit atoms and prefixes against UCUM's own tables (<see cref="UcumTables"/>), and
/// UCUM's rule that special units such as <c>Cel</c> stand alone.
/// </summary>
internal static class UcumUnits
{
    /// <summary>Null when <paramref name="code"/> is a valid UCUM unit code, else what is wrong with it.</summary>
    public static string? Check(string code)
    {
        if (code.Length == 0)
        {
            return "the unit is empty; write 1 for a dimensionless number";
        }

        UcumExpression expression;
        try
        {
            expression = UcumExpression.Parse(code);
        }
        catch (FormatException e)
        {
            return $"`{code}` is not a UCUM unit expression: {e.Message}";
        }

        UcumAtom? special = null;
        foreach (var symbol in expression.Atoms)
        {
            if (UcumTables.Instance.Find(symbol) is not { } atom)
            {
                var where = symbol == code ? $"`{code}`" : $"`{symbol}` in `{code}`";
                return $"{where} is not a UCUM unit code (codes are case-sensitive, for example kV, mA, Pa, Cel, deg, h, min, {{counts}})";
            }

            special ??= atom.IsSpecial ? atom : null;
        }

        // Special units are offset or logarithmic scales (Cel, [degF], [pH], B): UCUM forbids combining them with anything.
        if (special is { } scale && !expression.IsSingleUnit)
        {
            return scale.Code == "Cel"
                ? $"`{code}`: Cel (degree Celsius) is an offset scale and cannot be divided, multiplied or raised to a power in UCUM; use K for differences and rates, for example K/min"
                : $"`{code}`: {scale.Code} is a special (non-ratio) unit and cannot be divided, multiplied or raised to a power in UCUM";
        }

        return null;
    }
}
