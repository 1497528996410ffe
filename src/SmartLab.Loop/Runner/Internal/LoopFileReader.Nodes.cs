using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>Node helpers of the loop file reader: each one names the line of a problem and says what was expected.</summary>
internal sealed partial class LoopFileReader
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlInteger();

    LoopDefinitionException Error(YamlNode node, string problem) => new(_file, (int)node.Start.Line, problem);

    static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    YamlNode Required(YamlMappingNode map, string key, string what) =>
        Get(map, key) ?? throw Error(map, $"`{key}` is missing: {what}");

    void CheckKeys(YamlMappingNode map, string[] allowed, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !allowed.Contains(name, StringComparer.Ordinal))
            {
                var shown = key is YamlScalarNode { Value: { } k } ? k : key.ToString();
                var near = allowed.FirstOrDefault(a => string.Equals(a, shown, StringComparison.OrdinalIgnoreCase));
                throw Error(key, $"unknown key `{shown}` in {where}" + (near is null ? $"; expected one of: {string.Join(", ", allowed)}" : $"; did you mean `{near}`?"));
            }
        }
    }

    YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of `key: value` lines");

    YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"`{what}` must be a list (lines starting with `- `)");

    string Text(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, $"`{what}` must be a non-empty single value");

    double Number(YamlNode node, string what)
    {
        var text = Text(node, what);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(node, $"`{what}` must be a number, not `{text}`");
    }

    int Integer(YamlNode node, string what, int min, int max)
    {
        var text = Text(node, what);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(node, $"`{what}` must be a whole number, not `{text}`");
        }

        return value < min || value > max ? throw Error(node, $"`{what}` = {value} must be between {min} and {max}") : value;
    }

    bool Boolean(YamlNode node, string what) => Text(node, what) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw Error(node, $"`{what}` must be true or false, not `{other}`"),
    };

    string Choice(YamlNode node, string what, IReadOnlyList<string> allowed)
    {
        var text = Text(node, what);
        return allowed.Contains(text) ? text : throw Error(node, $"`{what}` = `{text}` is not one of: {string.Join(", ", allowed)}");
    }

    static string Show(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>YAML to JSON with the core schema: unquoted numbers, booleans and null keep their type; quoted text stays text.</summary>
    JsonNode? ToJson(YamlNode node, List<(LoopDimension Dimension, YamlNode Node)> space)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    obj[Text(key, "a key")] = ToJson(value, space);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, space));
                }

                return array;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                // Only unquoted, untagged scalars are typed; "512" and !!str 512 stay text.
                if (scalar.Style is ScalarStyle.Plain && scalar.Tag.IsEmpty)
                {
                    if (text is "" or "~" or "null" or "Null" or "NULL")
                    {
                        return null;
                    }

                    if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
                    {
                        return JsonValue.Create(text[0] is 't' or 'T');
                    }

                    if (YamlInteger().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                    {
                        return JsonValue.Create(whole);
                    }

                    if (YamlFloat().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
                    {
                        return JsonValue.Create(real);
                    }
                }

                if (ParameterTemplate.LooksLikePlaceholder(text))
                {
                    var name = ParameterTemplate.PlaceholderName(text)
                        ?? throw Error(node, $"`{text}` is not a placeholder: a placeholder is the whole value, \"${{name}}\"");
                    if (!space.Any(d => d.Dimension.Name == name))
                    {
                        throw Error(node, $"`{text}` names no dimension of `space` (dimensions: {string.Join(", ", space.Select(d => d.Dimension.Name))})");
                    }
                }

                return JsonValue.Create(text);
            default:
                throw Error(node, "aliases are not supported here");
        }
    }
}
