using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartLab.Contracts.Json;

/// <summary>Writes timestamps as RFC 3339 UTC with millisecond precision (<c>2026-11-29T10:00:00.000Z</c>); reads any RFC 3339 form.</summary>
public sealed class Rfc3339TimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value))
        {
            return value.ToUniversalTime();
        }

        throw new JsonException("expected an RFC 3339 timestamp such as 2026-11-29T10:00:00.000Z");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWire(value));

    public static string ToWire(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
