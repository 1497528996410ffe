using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Jobs;

/// <summary>
/// Reads <c>--param name=value</c> arguments into a job's <c>parameters</c> object. A value is read as
/// <list type="bullet">
/// <item><c>500</c>, <c>-1.5e3</c>: a number in the method's own unit;</item>
/// <item><c>500 Cel</c> or <c>500[Cel]</c>: a quantity <c>{"value": 500, "unit": "Cel"}</c> (UCUM unit, converted by the hub);</item>
/// <item><c>true</c>, <c>false</c>: a boolean;</item>
/// <item><c>[…]</c> or <c>{…}</c>: JSON as written;</item>
/// <item>anything else: text. Quotes (<c>"500"</c>, <c>'true'</c>) force text.</item>
/// </list>
/// </summary>
internal static partial class ParameterArguments
{
    /// <summary>The parameters object, or null when no <c>--param</c> was given.</summary>
    public static JsonElement? Parse(IReadOnlyList<string>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return null;
        }

        var parameters = new JsonObject();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? "" : argument[..equals].Trim();
            if (name.Length == 0)
            {
                throw new UsageException($"--param expects name=value, got `{argument}`");
            }

            if (parameters.ContainsKey(name))
            {
                throw new UsageException($"--param `{name}` is given twice");
            }

            parameters[name] = ParseValue(argument[(equals + 1)..]);
        }

        return JsonSerializer.SerializeToElement(parameters);
    }

    /// <summary>One value, by the rules above; null stands for JSON null only inside JSON literals.</summary>
    public static JsonNode? ParseValue(string text)
    {
        var value = text.Trim();
        if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
        {
            return JsonValue.Create(value[1..^1]);
        }

        if (Number(value) is { } number)
        {
            return JsonValue.Create(number);
        }

        if (QuantityInBrackets().Match(value) is { Success: true } bracketed)
        {
            return Quantity(bracketed.Groups["value"].Value, bracketed.Groups["unit"].Value.Trim());
        }

        if (QuantityWithSpace().Match(value) is { Success: true } spaced)
        {
            return Quantity(spaced.Groups["value"].Value, spaced.Groups["unit"].Value);
        }

        if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (value.StartsWith('[') || value.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException e)
            {
                throw new UsageException($"--param value `{value}` starts like JSON but is not valid JSON: {e.Message}", e);
            }
        }

        return JsonValue.Create(text);
    }

    static JsonObject Quantity(string value, string unit) => new()
    {
        ["value"] = JsonValue.Create(Number(value)!.Value),
        ["unit"] = JsonValue.Create(unit),
    };

    /// <summary>A finite number in JSON's notation (no <c>NaN</c>, <c>Infinity</c>, hex or thousands separators).</summary>
    static double? Number(string text) =>
        NumberSyntax().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberSyntax();

    [GeneratedRegex(@"^(?<value>[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s+(?<unit>\S+)$")]
    private static partial Regex QuantityWithSpace();

    [GeneratedRegex(@"^(?<value>[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*\[(?<unit>[^\[\]]+)\]$")]
    private static partial Regex QuantityInBrackets();
}
