using System.Text.Json;
using System.Text.Json.Serialization;
using SmartLab.Contracts.Json;

namespace SmartLab.Hub.Api;

/// <summary>JSON settings of the HTTP API: the protocol's (camelCase, RFC 3339 UTC timestamps, nulls omitted) with reflection for DTOs.</summary>
public static class HubJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static void Apply(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new Rfc3339TimestampConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }
}
