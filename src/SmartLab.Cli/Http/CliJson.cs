using System.Text.Json;
using System.Text.Json.Serialization;
using SmartLab.Contracts.Json;

namespace SmartLab.Cli.Http;

/// <summary>The API's JSON conventions (camelCase, nulls omitted, RFC 3339 timestamps), for requests, answers and <c>--json</c> output.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>For <c>--json</c>: the same data, readable by people and by <c>jq</c>.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
        };
        options.Converters.Add(new Rfc3339TimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
