using System.Globalization;
using System.Text.Json;
using SmartLab.Domain.Profiles;

namespace SmartLab.Domain.Validation;

/// <summary>Checks parameters of a command or method against the profile's declarations (type, unit, range, enum, required).</summary>
public static class ParameterValidator
{
    /// <param name="definitions">The declared parameters.</param>
    /// <param name="parameters">The given parameters (an object), or null for none.</param>
    /// <param name="owner">What declares them, for messages: "method `theta2theta` of profile `xrd-powder@1.0.0`".</param>
    public static List<ValidationError> Validate(IReadOnlyList<ParameterDefinition> definitions, JsonElement? parameters, string owner)
    {
        var errors = new List<ValidationError>();
        if (parameters is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            errors.Add(new("parameters", "not_an_object", $"parameters of {owner} must be a JSON object"));
            return errors;
        }

        var given = parameters is { ValueKind: JsonValueKind.Object } p ? p : default;
        if (given.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in given.EnumerateObject())
            {
                if (!definitions.Any(d => d.Name == property.Name))
                {
                    var known = string.Join(", ", definitions.Select(d => d.Name));
                    errors.Add(new($"parameters.{property.Name}", "unknown_parameter",
                        $"parameter `{property.Name}` is not declared by {owner} (declared: {(known.Length == 0 ? "none" : known)})"));
                }
            }
        }

        foreach (var definition in definitions)
        {
            if (given.ValueKind != JsonValueKind.Object || !given.TryGetProperty(definition.Name, out var value)
                || value.ValueKind == JsonValueKind.Null)
            {
                if (definition.Required && definition.Default is null)
                {
                    errors.Add(new($"parameters.{definition.Name}", "required",
                        $"parameter `{definition.Name}` is required by {owner}"));
                }

                continue;
            }

            var error = CheckValue(definition.Name, definition.Type, definition.Unit, definition.Min, definition.Max,
                definition.Enum, value, $"parameter `{definition.Name}`", owner);
            if (error is not null)
            {
                errors.Add(error with { Field = $"parameters.{definition.Name}" });
            }
        }

        return errors;
    }

    /// <summary>
    /// True when one value fits a type, range and enum. Allocation-free, for per-message paths that only need a
    /// message (<see cref="CheckValue"/>) when something is wrong.
    /// </summary>
    public static bool Accepts(ValueKind type, double? min, double? max, IReadOnlyList<string>? allowed, JsonElement value) =>
        type switch
        {
            ValueKind.Number or ValueKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)
                && double.IsFinite(number) && (type != ValueKind.Integer || Math.Floor(number) == number)
                && !(min is { } lo && number < lo) && !(max is { } hi && number > hi),
            ValueKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => value.ValueKind == JsonValueKind.String
                && (allowed is not { Count: > 0 } || allowed.Contains(value.GetString()!)),
        };

    /// <summary>Checks one value against a type, range and enum; null when it is acceptable.</summary>
    public static ValidationError? CheckValue(string name, ValueKind type, string? unit, double? min, double? max,
        IReadOnlyList<string>? allowed, JsonElement value, string what, string owner)
    {
        if (Accepts(type, min, max, allowed, value))
        {
            return null;
        }

        var unitText = string.IsNullOrEmpty(unit) || unit == "1" ? "" : " " + unit;
        switch (type)
        {
            case ValueKind.Number or ValueKind.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    return new(name, "wrong_type", $"{what} of {owner} must be a {(type == ValueKind.Integer ? "whole number" : "number")}, got {Describe(value)}");
                }

                if (type == ValueKind.Integer && Math.Floor(number) != number)
                {
                    return new(name, "wrong_type", $"{what} of {owner} must be a whole number, got {Format(number)}");
                }

                if (min is { } lo && number < lo)
                {
                    return new(name, "below_minimum", $"{what} = {Format(number)} is below the minimum {Format(lo)}{unitText} of {owner}");
                }

                if (max is { } hi && number > hi)
                {
                    return new(name, "above_maximum", $"{what} = {Format(number)} is above the maximum {Format(hi)}{unitText} of {owner}");
                }

                return null;

            case ValueKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? null
                    : new(name, "wrong_type", $"{what} of {owner} must be true or false, got {Describe(value)}");

            default:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return new(name, "wrong_type", $"{what} of {owner} must be a string, got {Describe(value)}");
                }

                var text = value.GetString()!;
                if (allowed is { Count: > 0 } && !allowed.Contains(text))
                {
                    return new(name, "not_allowed", $"{what} = \"{text}\" is not one of {string.Join(", ", allowed)} allowed by {owner}");
                }

                return null;
        }
    }

    static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
