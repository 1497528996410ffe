using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>
/// Step parameters with <c>"${name}"</c> placeholders. Only a whole value is a placeholder, so a substituted number
/// is sent as a JSON number (the hub refuses <c>"512.5"</c> for a number parameter) and can be read back from the job.
/// </summary>
internal static partial class ParameterTemplate
{
    [GeneratedRegex(@"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>The dimension a string value stands for, or null when it is an ordinary string.</summary>
    public static string? PlaceholderName(string value) => Placeholder().Match(value) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>True when the string holds <c>${</c> anywhere (a placeholder or an attempt at one).</summary>
    public static bool LooksLikePlaceholder(string value) => value.Contains("${", StringComparison.Ordinal);

    /// <summary>The template with every placeholder replaced by the point's value.</summary>
    public static JsonElement Substitute(JsonElement template, IReadOnlyDictionary<string, object> point) =>
        JsonSerializer.SerializeToElement(Substitute(JsonNode.Parse(template.GetRawText()), point));

    static JsonNode? Substitute(JsonNode? node, IReadOnlyDictionary<string, object> point)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    obj[key] = Substitute(value?.DeepClone(), point);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Substitute(array[i]?.DeepClone(), point);
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && PlaceholderName(value.GetValue<string>()) is { } name:
                return point.TryGetValue(name, out var replacement)
                    ? ToNode(replacement)
                    : throw new InvalidOperationException($"the point has no value for `${{{name}}}`");
            default:
                return node;
        }
    }

    /// <summary>A point's value as JSON: numbers as numbers, strings as strings.</summary>
    public static JsonNode? ToNode(object value) => value switch
    {
        double d when !double.IsFinite(d) => throw new InvalidOperationException($"cannot send {d.ToString(CultureInfo.InvariantCulture)} as a parameter"),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        int i => JsonValue.Create((long)i),
        long l => JsonValue.Create(l),
        decimal m => JsonValue.Create(m),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>Where each placeholder sits in the template: a path of property names and array indexes.</summary>
    public static IEnumerable<(string Name, IReadOnlyList<object> Path)> Placeholders(JsonElement template)
    {
        var found = new List<(string, IReadOnlyList<object>)>();
        Walk(template, [], found);
        return found;
    }

    static void Walk(JsonElement element, List<object> path, List<(string, IReadOnlyList<object>)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, [.. path, property.Name], found);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, [.. path, index++], found);
                }

                break;
            case JsonValueKind.String when PlaceholderName(element.GetString()!) is { } name:
                found.Add((name, path));
                break;
        }
    }

    /// <summary>The value at a path of a job's stored parameters, if it is there.</summary>
    public static JsonElement? At(JsonElement root, IReadOnlyList<object> path)
    {
        var current = root;
        foreach (var segment in path)
        {
            if (segment is string name && current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (segment is int index && current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}
