using System.Buffers;
using System.Collections;
using System.Text.Json;
using SmartLab.Contracts.Json;

namespace SmartLab.Agent.Internal;

/// <summary>
/// Turns plain .NET values (numbers, booleans, strings, timestamps, arrays, dictionaries) into JSON without reflection,
/// so integrators can pass what they have and the wire format stays predictable.
/// </summary>
static class JsonValues
{
    public static JsonElement ToElement(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case double d:
                WriteNumber(writer, d);
                break;
            case float f:
                WriteNumber(writer, f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(Rfc3339TimestampConverter.ToWire(t));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case double[] numbers:
                writer.WriteStartArray();
                foreach (var n in numbers)
                {
                    WriteNumber(writer, n);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"a value of type {value.GetType().Name} cannot be sent; use numbers, booleans, strings, timestamps, arrays, dictionaries or JsonElement");
        }
    }

    static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value} cannot be sent: JSON has no NaN or infinity; leave the value out instead");
        }

        writer.WriteNumberValue(value);
    }
}
