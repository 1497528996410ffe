using System.Text.Json;
using System.Text.Json.Serialization;
using SmartLab.Contracts.Json;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>The API's JSON conventions: camelCase, nulls omitted, RFC 3339 timestamps.</summary>
internal static class LoopJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new Rfc3339TimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
