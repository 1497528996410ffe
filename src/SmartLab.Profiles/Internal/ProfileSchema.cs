using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartLab.Profiles.Internal;

/// <summary>The device profile JSON Schema, embedded from <c>device-profiles/schema/device-profile.schema.json</c>.</summary>
internal static class ProfileSchema
{
    const string ResourceName = "SmartLab.Profiles.device-profile.schema.json";

    static readonly Lazy<JsonSchema> Schema = new(Build);

    /// <summary>The schema text, as shipped.</summary>
    public static string Text
    {
        get
        {
            using var stream = typeof(ProfileSchema).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from SmartLab.Profiles.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

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

        foreach (var detail in results.Details.Prepend(results))
        {
            if (detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var path = DocumentPath.FromPointer(detail.InstanceLocation, document);
            foreach (var (keyword, message) in errors)
            {
                problems.Add((path, SchemaMessages.Describe(keyword, message, path, detail, document)));
            }
        }

        return problems;
    }

    static JsonSchema Build()
    {
        // A private registry, so building the schema never collides with anything else registered under its $id.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.FromText(Text, options);
    }
}
