using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace SmartLab.Profiles.Internal;

/// <summary>The device profile JSON Schema, embedded from <c>device-profiles/schema/device-profile.schema.json</c>.</summary>
internal static partial class ProfileSchema
{
    const string ResourceName = "SmartLab.Profiles.device-profile.schema.json";

    static readonly Lazy<string> SchemaText = new(ReadText);
    static readonly Lazy<JsonSchema> Schema = new(Build);
    static readonly Lazy<JsonNode> SchemaDocument = new(() => JsonNode.Parse(SchemaText.Value)!);

    /// <summary>The schema text, as shipped.</summary>
    public static string Text => SchemaText.Value;

    /// <summary>Every schema violation, by dotted path, in words.</summary>
    public static List<(string Path, string Problem)> Check(JsonNode? document)
    {
        var element = JsonSerializer.SerializeToElement(document);
        var results = Schema.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var problems = new List<(string, string)>();
        if (results.IsValid)
        {
            return problems;
        }

        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is not { Count: > 0 } errors || IsConditionProbe(detail.EvaluationPath.ToString()))
            {
                continue;
            }

            var path = DocumentPath.FromPointer(detail.InstanceLocation, document);
            foreach (var (keyword, message) in errors)
            {
                problems.Add((path, SchemaMessages.Describe(keyword, message, path, detail.EvaluationPath.ToString(), detail.SchemaLocation, document)));
            }
        }

        return problems;
    }

    /// <summary>The schema object a failed keyword belongs to, with local <c>$ref</c>s followed.</summary>
    public static JsonObject? Resolve(Uri schemaLocation)
    {
        var fragment = Uri.UnescapeDataString(schemaLocation.Fragment.TrimStart('#'));
        JsonNode? node = SchemaDocument.Value;
        foreach (var encoded in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = encoded.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

            // Locations may carry a trailing segment that is no schema member; the deepest one that exists is the rule.
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out var child) || child is null)
            {
                break;
            }

            node = child;
        }

        return FollowReferences(node as JsonObject);
    }

    /// <summary>The schema definition (<c>command</c>, <c>parameter</c>, ...) of the object at a dotted path; null for the profile itself.</summary>
    public static string? DefinitionAt(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        var shape = Indexes().Replace(path, "[]");
        return shape switch
        {
            "telemetry[]" => "telemetryChannel",
            "commands[]" => "command",
            "methods[]" => "method",
            "commands[].parameters[]" or "methods[].parameters[]" => "parameter",
            "methods[].outputs[]" => "output",
            "requiredMetadata[]" => "metadataField",
            _ => "?",
        };
    }

    /// <summary>The field names the schema allows on the object at a dotted path.</summary>
    public static IReadOnlyList<string> KnownFields(string path)
    {
        var definition = DefinitionAt(path);
        var schema = definition is null ? SchemaDocument.Value : SchemaDocument.Value["$defs"]?[definition];
        return schema?["properties"] is JsonObject properties ? [.. properties.Select(p => p.Key)] : [];
    }

    /// <summary>The field and values that the schema's <c>if</c> tests for the object at a dotted path, if it has one.</summary>
    public static (string Field, IReadOnlyList<string> Values)? Condition(string path)
    {
        var definition = DefinitionAt(path);
        var schema = definition is null ? SchemaDocument.Value : SchemaDocument.Value["$defs"]?[definition];
        if (schema?["if"]?["properties"] is not JsonObject tested || tested.Count != 1)
        {
            return null;
        }

        var (field, test) = tested.First();
        IReadOnlyList<string> values = test?["enum"] is JsonArray options
            ? [.. options.Select(o => o?.ToString() ?? "null")]
            : test?["const"] is { } single ? [single.ToString()] : [];
        return values.Count == 0 ? null : (field, values);
    }

    static JsonObject? FollowReferences(JsonObject? node)
    {
        for (var hops = 0; hops < 8 && node?["$ref"] is JsonValue reference; hops++)
        {
            var target = reference.GetValue<string>();
            if (!target.StartsWith("#/", StringComparison.Ordinal))
            {
                break;
            }

            node = Resolve(new Uri("urn:schema" + target)) is { } resolved ? resolved : null;
        }

        return node;
    }

    /// <summary>
    /// True for results from inside an <c>if</c>: those only decide which branch applies, and their failures are not
    /// problems with the profile.
    /// </summary>
    static bool IsConditionProbe(string evaluationPath)
    {
        var segments = evaluationPath.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i] == "if" && segments[i - 1] is not ("properties" or "$defs"))
            {
                return true;
            }
        }

        return false;
    }

    static string ReadText()
    {
        using var stream = typeof(ProfileSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from SmartLab.Profiles.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    static JsonSchema Build()
    {
        // A private registry, so building the schema never collides with anything else registered under its $id.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.FromText(SchemaText.Value, options);
    }

    [GeneratedRegex(@"\[[0-9]+\]")]
    private static partial Regex Indexes();
}
