using System.Globalization;

namespace SmartLab.Domain.Measurements;

/// <summary>
/// One <c>where=</c> comparison of a measurement search, such as <c>conditions.temperature&gt;500</c>,
/// <c>conditions.temperature&gt;=500[Cel]</c> or <c>parameters.target=Cu</c>. The key names a parameter, a condition or a
/// required metadata path (<c>metadata.instrument.calibration.id</c>).
/// </summary>
public sealed record MetadataCondition
{
    /// <summary>The sections a key may start with.</summary>
    public static readonly IReadOnlyList<string> Sections = ["parameters", "conditions", "metadata"];

    static readonly (string Text, MetadataOperator Operator)[] Operators =
    [
        ("!=", MetadataOperator.NotEqual), (">=", MetadataOperator.GreaterOrEqual), ("<=", MetadataOperator.LessOrEqual),
        ("=", MetadataOperator.Equal), (">", MetadataOperator.Greater), ("<", MetadataOperator.Less),
    ];

    /// <summary>Dotted key, for example <c>conditions.temperature</c>.</summary>
    public required string Key { get; init; }
    public required MetadataOperator Operator { get; init; }

    /// <summary>The value as written (without a units suffix).</summary>
    public required string Value { get; init; }

    /// <summary>The value as a number, when it is one.</summary>
    public double? Number { get; init; }

    /// <summary>UCUM code given in brackets after the number (<c>500[Cel]</c>); null compares in each record's own units.</summary>
    public string? Units { get; init; }

    /// <summary>The section of <see cref="Key"/> (parameters, conditions or metadata).</summary>
    public string Section => Key[..Key.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The key without its section: the parameter or condition name, or the metadata path.</summary>
    public string Name => Key[(Key.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>Whether the comparison orders values (only numbers can be ordered).</summary>
    public bool IsRange => Operator is not (MetadataOperator.Equal or MetadataOperator.NotEqual);

    /// <summary>Parses one expression; on failure <paramref name="problem"/> says which part is wrong.</summary>
    public static bool TryParse(string expression, out MetadataCondition? condition, out string? problem)
    {
        condition = null;
        var text = expression.Trim();
        var end = 0;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '_' or '-'))
        {
            end++;
        }

        var key = text[..end];
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (key.Length == 0)
        {
            problem = $"`{expression}`: expected a key such as `conditions.temperature` before the operator";
            return false;
        }

        if (dot <= 0 || !Sections.Contains(key[..dot]))
        {
            problem = $"`{expression}`: key `{key}` must start with parameters., conditions. or metadata.";
            return false;
        }

        if (dot == key.Length - 1 || key.Contains("..", StringComparison.Ordinal))
        {
            problem = $"`{expression}`: key `{key}` has an empty name after a dot";
            return false;
        }

        var rest = text[end..];
        var op = Operators.FirstOrDefault(o => rest.StartsWith(o.Text, StringComparison.Ordinal));
        if (op.Text is null)
        {
            problem = $"`{expression}`: after `{key}` expected one of the operators = != > >= < <=, found `{rest}`";
            return false;
        }

        var value = rest[op.Text.Length..].Trim();
        if (value.Length == 0)
        {
            problem = $"`{expression}`: the value after `{op.Text}` is missing";
            return false;
        }

        string? units = null;
        if (value.EndsWith(']') && value.IndexOf('[', StringComparison.Ordinal) is var open and > 0)
        {
            units = value[(open + 1)..^1];
            value = value[..open].Trim();
            if (units.Length == 0)
            {
                problem = $"`{expression}`: the units in brackets are empty";
                return false;
            }
        }

        double? number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
        if (units is not null && number is null)
        {
            problem = $"`{expression}`: units `[{units}]` follow `{value}`, which is not a number";
            return false;
        }

        var isRange = op.Operator is not (MetadataOperator.Equal or MetadataOperator.NotEqual);
        if (isRange && number is null)
        {
            problem = $"`{expression}`: `{op.Text}` compares numbers, but `{value}` is not a number (text compares only with = or !=)";
            return false;
        }

        condition = new MetadataCondition { Key = key, Operator = op.Operator, Value = value, Number = number, Units = units };
        problem = null;
        return true;
    }

    /// <summary>Whether a record value satisfies the comparison; <paramref name="convert"/> turns the condition's number into the record's units.</summary>
    public bool Matches(double? recordNumber, string? recordText, string? recordUnits, UnitConverter? convert)
    {
        if (Number is { } wanted && recordNumber is { } actual)
        {
            if (Units is { } units && units != recordUnits)
            {
                if (recordUnits is null || convert?.Invoke(wanted, units, recordUnits) is not { } converted)
                {
                    return false;
                }

                wanted = converted;
            }

            return Operator switch
            {
                MetadataOperator.Equal => actual == wanted,
                MetadataOperator.NotEqual => actual != wanted,
                MetadataOperator.Greater => actual > wanted,
                MetadataOperator.GreaterOrEqual => actual >= wanted,
                MetadataOperator.Less => actual < wanted,
                _ => actual <= wanted,
            };
        }

        if (IsRange || Units is not null)
        {
            return false;
        }

        var text = recordText ?? recordNumber?.ToString("R", CultureInfo.InvariantCulture);
        return text is not null && (Operator == MetadataOperator.Equal) == string.Equals(text, Value, StringComparison.Ordinal);
    }
}

/// <summary>Converts <paramref name="value"/> from one UCUM unit to another; null when they do not convert.</summary>
public delegate double? UnitConverter(double value, string from, string to);
