using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;
using SmartLab.Profiles;

namespace SmartLab.Hub.Jobs;

/// <summary>Turns the parameters a client sent for a method or a command into what the instrument gets.</summary>
public static class Parameters
{
    /// <summary>
    /// Converts quantities (<c>{"value": 0.5, "unit": "h"}</c>) to the declared unit, checks every value against its
    /// declaration (type, range, enum, required, unknown names) and fills in defaults. Problems are added with fields
    /// prefixed by <paramref name="fieldPrefix"/>; the result is null when there are any.
    /// </summary>
    public static JsonObject? Prepare(IReadOnlyList<ParameterDefinition> definitions, JsonElement? parameters, string owner, string fieldPrefix,
        List<ValidationError> problems)
    {
        var before = problems.Count;
        var normalized = NormalizeUnits(definitions, parameters, owner, fieldPrefix, problems);
        if (normalized is null)
        {
            return null;
        }

        var element = JsonSerializer.SerializeToElement(normalized);
        foreach (var error in ParameterValidator.Validate(definitions, element, owner))
        {
            problems.Add(error with { Field = fieldPrefix + error.Field });
        }

        foreach (var definition in definitions)
        {
            if (!normalized.ContainsKey(definition.Name) && definition.Default is { } fallback)
            {
                normalized[definition.Name] = JsonNode.Parse(fallback.GetRawText());
            }
        }

        return problems.Count > before ? null : normalized;
    }

    static JsonObject? NormalizeUnits(IReadOnlyList<ParameterDefinition> definitions, JsonElement? parameters, string owner, string fieldPrefix,
        List<ValidationError> problems)
    {
        if (parameters is null || parameters.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (parameters.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ValidationError(fieldPrefix + "parameters", "not_an_object", $"parameters of {owner} must be a JSON object"));
            return null;
        }

        var result = new JsonObject();
        foreach (var property in parameters.Value.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("unit", out var unitElement))
            {
                var field = $"{fieldPrefix}parameters.{property.Name}";
                var definition = definitions.FirstOrDefault(d => d.Name == property.Name);
                if (!value.TryGetProperty("value", out var number) || number.ValueKind != JsonValueKind.Number
                    || unitElement.ValueKind != JsonValueKind.String || value.EnumerateObject().Count() != 2)
                {
                    problems.Add(new ValidationError(field, "invalid_quantity",
                        $"parameter `{property.Name}` must be a number or {{\"value\": <number>, \"unit\": \"<UCUM unit>\"}}"));
                    continue;
                }

                if (definition is null)
                {
                    result[property.Name] = JsonNode.Parse(number.GetRawText());
                    continue; // the validator names the unknown parameter
                }

                var unit = unitElement.GetString()!;
                var declared = definition.Unit ?? "1";
                if (!UnitConversion.TryConvert(number.GetDouble(), unit, declared, out var converted, out var problem))
                {
                    problems.Add(new ValidationError(field, "wrong_unit",
                        $"parameter `{property.Name}` is given in `{unit}`, which does not convert to `{declared}` as {owner} requires: {problem}"));
                    continue;
                }

                result[property.Name] = converted;
                continue;
            }

            result[property.Name] = JsonNode.Parse(value.GetRawText());
        }

        return result;
    }
}
