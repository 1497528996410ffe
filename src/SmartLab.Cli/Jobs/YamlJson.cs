using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SmartLab.Cli.Jobs;

/// <summary>
/// Turns a YAML document into JSON with the YAML 1.2 core schema: unquoted <c>500</c> is a number, <c>true</c> a
/// boolean, <c>null</c> or <c>~</c> null; quoted scalars are always text. (A plain typed deserializer would read
/// every scalar as text, and the hub would then refuse <c>"500"</c> for a numeric parameter.)
/// </summary>
internal static partial class YamlJson
{
    const string StringTag = "tag:yaml.org,2002:str";

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, "unsupported YAML node"),
    };

    static JsonObject Mapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new YamlException(key.Start, key.End, "mapping keys must be plain names");
            }

            if (result.ContainsKey(name))
            {
                throw new YamlException(key.Start, key.End, $"key `{name}` appears twice");
            }

            result[name] = Convert(value);
        }

        return result;
    }

    static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        // Quoted, block and `!!str`-tagged scalars are text whatever they look like.
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && (scalar.Tag.IsNonSpecific || scalar.Tag.Value == StringTag)))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
