using System.Globalization;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace SmartLab.Messaging.Mqtt.Validation.Internal;

/// <summary>
/// Turns the library's list of failing locations into one <see cref="PayloadCheck"/>: the first failure, named by a
/// readable path, in a sentence the sender can act on. Runs only for invalid payloads, so clarity wins over speed here.
/// </summary>
internal static class FailureDescriber
{
    public static PayloadCheck Describe(JsonElement schemaRoot, JsonElement payload, EvaluationResults results)
    {
        PayloadCheck? best = null;
        (int Version, int Depth, int Order) bestRank = default;
        var order = 0;
        foreach (var node in Flatten(results))
        {
            if (node.Errors is not { Count: > 0 } errors || IsInsideCondition(node))
            {
                continue;
            }

            var location = InstanceLocator.Locate(schemaRoot, payload, node.InstanceLocation.ToString());
            foreach (var (keyword, libraryMessage) in errors)
            {
                var (check, depth) = DescribeOne(location, node, keyword, libraryMessage);

                // A wrong version comes first: the rest of the message is then read under the wrong rules anyway.
                // Otherwise the shallowest failure wins, so "measurementId is required" beats a detail deep in a file entry.
                var rank = (check.Field == "v" ? 0 : 1, depth, order++);
                if (best is null || rank.CompareTo(bestRank) < 0)
                {
                    best = check;
                    bestRank = rank;
                }
            }
        }

        return best ?? PayloadCheck.Invalid(null, "the payload does not match its schema");
    }

    static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        if (results.Details is null)
        {
            yield break;
        }

        foreach (var detail in results.Details)
        {
            foreach (var nested in Flatten(detail))
            {
                yield return nested;
            }
        }
    }

    // An "if" that does not match is not a failure: it only selects whether "then" applies.
    static bool IsInsideCondition(EvaluationResults node)
    {
        var path = node.EvaluationPath.ToString();
        return path.Contains("/if/", StringComparison.Ordinal) || path.EndsWith("/if", StringComparison.Ordinal);
    }

    static (PayloadCheck Check, int Depth) DescribeOne(Location at, EvaluationResults node, string keyword, string libraryMessage)
    {
        if (keyword == "required")
        {
            return DescribeRequired(at, node, libraryMessage);
        }

        var field = at.Path.Length == 0 ? null : at.Path;
        var subject = field is null ? "the payload" : $"`{field}`";
        var actual = at.Instance is { } instance ? Show(instance) : "missing";
        var message = keyword switch
        {
            "type" => $"{subject} must be {TypeNames(InstanceLocator.Keyword(at.Schema, "type"))}, not {actual}",
            "const" => field == "v"
                ? $"`v` must be 1 (this hub speaks protocol v1), not {actual}"
                : $"{subject} must be {Raw(InstanceLocator.Keyword(at.Schema, "const"))}, not {actual}",
            "enum" => $"{subject} must be one of {EnumValues(InstanceLocator.Keyword(at.Schema, "enum"))}, not {actual}",
            "pattern" => $"{subject} must be {PatternPhrases.For(InstanceLocator.Keyword(at.Schema, "pattern")?.GetString() ?? "")}, not {actual}",
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" => $"{subject} must be {Range(at.Schema, keyword)}, not {actual}",
            "minLength" when InstanceLocator.Keyword(at.Schema, "minLength") is { } min && min.GetRawText() == "1" => $"{subject} must not be empty",
            _ => $"{subject}: {libraryMessage}",
        };
        return (PayloadCheck.Invalid(field, message), at.Depth);
    }

    static (PayloadCheck Check, int Depth) DescribeRequired(Location at, EvaluationResults node, string libraryMessage)
    {
        var schema = at.Schema;
        var when = "";

        // A requirement that holds only in some cases sits in "allOf": [{ "if": ..., "then": { "required": [...] } }].
        var evaluationPath = node.EvaluationPath.ToString();
        var thenAt = evaluationPath.LastIndexOf("/allOf/", StringComparison.Ordinal);
        if (thenAt >= 0 && evaluationPath.EndsWith("/then", StringComparison.Ordinal)
            && int.TryParse(evaluationPath.AsSpan(thenAt + "/allOf/".Length, evaluationPath.Length - thenAt - "/allOf/".Length - "/then".Length),
                NumberStyles.None, CultureInfo.InvariantCulture, out var branch)
            && InstanceLocator.Keyword(at.Schema, "allOf") is { ValueKind: JsonValueKind.Array } allOf
            && branch < allOf.GetArrayLength())
        {
            schema = InstanceLocator.Keyword(allOf[branch], "then");
            when = Condition(InstanceLocator.Keyword(allOf[branch], "if"));
        }

        if (InstanceLocator.Keyword(schema, "required") is { ValueKind: JsonValueKind.Array } required
            && at.Instance is { ValueKind: JsonValueKind.Object } instance)
        {
            foreach (var name in required.EnumerateArray())
            {
                var text = name.GetString()!;
                if (!instance.TryGetProperty(text, out _))
                {
                    var path = new StringBuilder(at.Path);
                    InstanceLocator.AppendName(path, text);
                    var field = path.ToString();
                    return (PayloadCheck.Invalid(field, $"`{field}` is required{when}"), at.Depth + 1);
                }
            }
        }

        var subject = at.Path.Length == 0 ? "the payload" : $"`{at.Path}`";
        return (PayloadCheck.Invalid(at.Path.Length == 0 ? null : at.Path, $"{subject} lacks a required field: {libraryMessage}"), at.Depth + 1);
    }

    // Reads back the simple conditions the protocol schemas use: a const, an enum, or "is a string" (that is, is set).
    static string Condition(JsonElement? ifSchema)
    {
        if (InstanceLocator.Keyword(ifSchema, "properties") is not { ValueKind: JsonValueKind.Object } properties)
        {
            return "";
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (InstanceLocator.Keyword(property.Value, "const") is { } constant)
            {
                return $" when `{property.Name}` is {Raw(constant)}";
            }

            if (InstanceLocator.Keyword(property.Value, "enum") is { } values)
            {
                return $" when `{property.Name}` is {EnumValues(values)}";
            }

            return $" when `{property.Name}` is set";
        }

        return "";
    }

    static string Range(JsonElement? schema, string keyword)
    {
        var min = InstanceLocator.Keyword(schema, "minimum") ?? InstanceLocator.Keyword(schema, "exclusiveMinimum");
        var max = InstanceLocator.Keyword(schema, "maximum") ?? InstanceLocator.Keyword(schema, "exclusiveMaximum");

        // A range is worth quoting whole when both ends mean something (progress 0 to 1); a maximum that only keeps a
        // counter inside a 32- or 53-bit integer is not, so then only the bound that was crossed is named.
        if (keyword is "minimum" or "maximum" && min is { } low && max is { } high
            && high.TryGetDouble(out var top) && top < int.MaxValue)
        {
            return $"between {low.GetRawText()} and {high.GetRawText()}";
        }

        return keyword switch
        {
            "minimum" when min is { } m => $"at least {m.GetRawText()}",
            "exclusiveMinimum" when min is { } m => $"greater than {m.GetRawText()}",
            "maximum" when max is { } m => $"at most {m.GetRawText()}",
            "exclusiveMaximum" when max is { } m => $"less than {m.GetRawText()}",
            _ => "within its allowed range",
        };
    }

    static string TypeNames(JsonElement? type)
    {
        var names = new List<string>();
        if (type is { ValueKind: JsonValueKind.String } single)
        {
            names.Add(TypeName(single.GetString()!));
        }
        else if (type is { ValueKind: JsonValueKind.Array } many)
        {
            foreach (var item in many.EnumerateArray())
            {
                names.Add(TypeName(item.GetString()!));
            }
        }

        return names.Count == 0 ? "of another type" : OrList(names);
    }

    static string TypeName(string type) => type switch
    {
        "object" => "an object",
        "array" => "an array",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        _ => type,
    };

    static string EnumValues(JsonElement? values)
    {
        if (values is not { ValueKind: JsonValueKind.Array } array)
        {
            return "the listed values";
        }

        var names = new List<string>();
        foreach (var value in array.EnumerateArray())
        {
            // null is listed only to let an optional field be null; it is not a value worth suggesting.
            if (value.ValueKind != JsonValueKind.Null)
            {
                names.Add(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
            }
        }

        return OrList(names);
    }

    static string OrList(List<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
    };

    static string Raw(JsonElement? value) => value is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "the fixed value";

    // What the sender actually put there, short enough for a log line.
    static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        JsonValueKind.String => Quote(value.GetString()!),
        _ => value.GetRawText(),
    };

    static string Quote(string text) => text.Length <= 40 ? $"\"{text}\"" : $"\"{text[..37]}...\"";
}
