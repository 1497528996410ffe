using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartLab.Contracts.Json;

/// <summary>The serializer settings every SmartLab component uses on the wire: camelCase, nulls omitted, RFC 3339 timestamps.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = ProtocolJsonContext.Default,
        };
        options.Converters.Add(new Rfc3339TimestampConverter());
        options.MakeReadOnly();
        return options;
    }

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<T>(utf8, Options);
}
