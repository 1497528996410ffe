using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmartLab.Profiles.Internal;

/// <summary>
/// Rewrites schema violations into sentences an instrument integrator can act on ("must be a number, got the
/// string \"zero\"", "`timeout` is not a field of a command; known fields: ..."), using the schema itself for the
/// allowed values and limits so that the words never drift from the rules.
/// </summary>
internal static partial class SchemaMessages
{
    /// <summary>What each pattern of the schema means, so a mismatch says what is expected rather than showing a regex.</summary>
    static readonly Dictionary<string, string> PatternHints = new(StringComparer.Ordinal)
    {
        ["^[a-z0-9][a-z0-9-]{0,62}$"] = "lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters",
        ["^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"] = "a semantic version MAJOR.MINOR.PATCH such as 1.0.0; quote it if YAML reads it as a number",
        ["^[a-z][a-z0-9-]{0,62}$"] = "lowercase letters, digits and '-', starting with a letter, such as xrd or uv-vis",
        ["^[a-z][A-Za-z0-9]{0,63}$"] = "a camelCase name such as tubeVoltage (letters and digits, starting with a lowercase letter)",
        ["^[!-~]{1,64}$"] = "a UCUM unit code without spaces, such as kV, Cel or {counts}/s",
        ["^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$"] = "a dotted path such as instrument.calibration.id",
        ["^[a-z]+/[A-Za-z0-9][A-Za-z0-9.+-]*$"] = "a media type such as image/png",
    };

    public static string Describe(string keyword, string message, string path, string evaluationPath, Uri schemaLocation,
        JsonNode? document)
    {
        var value = Find(document, path, out var present);
        var rule = ProfileSchema.Resolve(schemaLocation);
        var field = path.Length == 0 ? "the profile" : $"`{LastName(path)}`";
        switch (keyword)
        {
            case "type":
                var expected = rule?["type"] is { } types ? JoinTypes(types) : "another type";
                if (rule?["pattern"]?.GetValue<string>() is { } expectedPattern && PatternHints.TryGetValue(expectedPattern, out var expectedHint))
                {
                    expected += $" ({expectedHint})";
                }

                return $"must be {expected}, got {DescribeValue(value, present)}";

            case "required":
                var missing = MissingNames(message, value);
                var condition = ConditionWords(path, evaluationPath);
                return missing.Count == 1
                    ? $"required field `{missing[0]}` is missing{condition}"
                    : $"required fields {string.Join(", ", missing.Select(m => $"`{m}`"))} are missing{condition}";

            case "" or "additionalProperties" or "false":
                var known = ProfileSchema.KnownFields(DocumentPath.Parent(path));
                var what = DefinitionWords(DocumentPath.Parent(path));
                return known.Count == 0
                    ? $"{field} is not a known field"
                    : $"{field} is not a field of {what}; known fields: {string.Join(", ", known)}";

            case "enum":
                var allowed = rule?["enum"] is JsonArray options ? string.Join(", ", options.Select(o => o?.ToString())) : "the allowed values";
                return $"{DescribeValue(value, present)} is not allowed; use one of: {allowed}";

            case "pattern":
                var pattern = rule?["pattern"]?.GetValue<string>() ?? "";
                var hint = PatternHints.TryGetValue(pattern, out var words) ? words : $"text matching {pattern}";
                return $"{DescribeValue(value, present)} is not valid here; expected {hint}";

            case "minimum" or "exclusiveMinimum" or "maximum" or "exclusiveMaximum":
                var limit = rule?[keyword]?.ToJsonString() ?? "the limit";
                var relation = keyword switch
                {
                    "minimum" => "at least",
                    "exclusiveMinimum" => "greater than",
                    "maximum" => "at most",
                    _ => "less than",
                };
                return $"{DescribeValue(value, present)} is out of range; it must be {relation} {limit}";

            case "minItems":
                return $"must list at least {rule?["minItems"]?.ToJsonString() ?? "one"} item(s)";

            case "uniqueItems":
                return "lists the same value more than once";

            case "minLength":
                return "must not be empty";

            case "maxLength":
                return $"is longer than {rule?["maxLength"]?.ToJsonString() ?? "allowed"} characters";

            default:
                return message;
        }
    }

    /// <summary>
    /// For a field required only in some cases (the schema's <c>if</c>/<c>then</c>/<c>else</c>), says which case:
    /// " (needed when `type` is number or integer)".
    /// </summary>
    static string ConditionWords(string path, string evaluationPath)
    {
        var inThen = evaluationPath.EndsWith("/then", StringComparison.Ordinal);
        var inElse = evaluationPath.Contains("/else", StringComparison.Ordinal);
        if (!inThen && !inElse)
        {
            return "";
        }

        var condition = ProfileSchema.Condition(path);
        if (condition is not { } c)
        {
            return "";
        }

        return inElse
            ? $" (needed when `{c.Field}` is not {string.Join(" or ", c.Values)})"
            : $" (needed when `{c.Field}` is {string.Join(" or ", c.Values)})";
    }

    /// <summary>What kind of object lives at <paramref name="path"/>, in words.</summary>
    static string DefinitionWords(string path) => ProfileSchema.DefinitionAt(path) switch
    {
        null => "the profile",
        "telemetryChannel" => "a telemetry channel",
        "command" => "a command",
        "method" => "a method",
        "parameter" => "a parameter",
        "output" => "a method output",
        "metadataField" => "a required metadata entry",
        var other => $"a {other}",
    };

    static List<string> MissingNames(string message, JsonNode? value)
    {
        // The library reports the missing names as a JSON array inside its message.
        var match = JsonArrayInMessage().Match(message);
        if (match.Success)
        {
            try
            {
                var names = JsonSerializer.Deserialize<List<string>>(match.Value);
                if (names is { Count: > 0 })
                {
                    return names;
                }
            }
            catch (JsonException)
            {
                // Fall through to the generic wording.
            }
        }

        return [value is JsonObject ? "(see schema)" : "?"];
    }

    static string JoinTypes(JsonNode types)
    {
        var names = types is JsonArray array ? array.Select(t => t?.GetValue<string>() ?? "") : [types.GetValue<string>()];
        return string.Join(" or ", names.Select(n => n switch
        {
            "number" => "a number",
            "integer" => "a whole number",
            "boolean" => "true or false",
            "string" => "text",
            "array" => "a list",
            "object" => "a mapping",
            _ => n,
        }));
    }

    static string DescribeValue(JsonNode? value, bool present) => value switch
    {
        _ when !present => "nothing",
        null => "nothing (the value is empty or null)",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"the text \"{v.GetValue<string>()}\"",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    static JsonNode? Find(JsonNode? document, string path, out bool present)
    {
        present = true;
        var node = document;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (segment.Groups["index"].Success)
            {
                var index = int.Parse(segment.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (node is not JsonArray array || index >= array.Count)
                {
                    present = false;
                    return null;
                }

                node = array[index];
            }
            else if (node is JsonObject obj && obj.TryGetPropertyValue(segment.Groups["name"].Value, out var child))
            {
                node = child;
            }
            else
            {
                present = false;
                return null;
            }
        }

        return node;
    }

    static string LastName(string path)
    {
        var cut = path.LastIndexOf('.');
        return cut < 0 ? path : path[(cut + 1)..];
    }

    [GeneratedRegex(@"\[.*\]")]
    private static partial Regex JsonArrayInMessage();

    [GeneratedRegex(@"\[(?<index>[0-9]+)\]|(?<name>[^.\[]+)")]
    private static partial Regex PathSegment();
}
