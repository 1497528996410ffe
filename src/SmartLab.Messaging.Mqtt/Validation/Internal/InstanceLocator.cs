using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmartLab.Messaging.Mqtt.Validation.Internal;

/// <summary>
/// Follows a JSON Pointer through the payload and, in step, through the schema document, so a failure can be named as
/// a readable path (<c>files[0].sha256</c>) and described with the constraint that applies there. The schema is
/// walked along the instance rather than along the library's schema location, which is not reliable for
/// <c>items</c> and <c>additionalProperties</c>.
/// </summary>
internal static class InstanceLocator
{
    const string DefsPrefix = "#/$defs/";

    public static Location Locate(JsonElement schemaRoot, JsonElement payload, string pointer)
    {
        JsonElement? schema = Deref(schemaRoot, schemaRoot);
        JsonElement? instance = payload;
        var path = new StringBuilder();
        var depth = 0;
        foreach (var segment in Segments(pointer))
        {
            depth++;
            if (instance is { ValueKind: JsonValueKind.Array } array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < array.GetArrayLength())
            {
                instance = array[index];
                path.Append('[').Append(index).Append(']');
                schema = Deref(schemaRoot, Keyword(schema, "items"));
            }
            else
            {
                instance = instance is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var child)
                    ? child
                    : null;
                AppendName(path, segment);
                schema = Deref(schemaRoot, PropertySchema(schema, segment));
            }
        }

        return new Location(schema, instance, path.ToString(), depth);
    }

    /// <summary>Appends a property name: <c>.name</c> when it reads as an identifier, <c>["odd name"]</c> otherwise.</summary>
    public static void AppendName(StringBuilder path, string name)
    {
        if (IsIdentifier(name))
        {
            if (path.Length > 0)
            {
                path.Append('.');
            }

            path.Append(name);
        }
        else
        {
            path.Append("[\"").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
        }
    }

    public static JsonElement? Keyword(JsonElement? schema, string keyword) =>
        schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var value) ? value : null;

    /// <summary>Resolves local <c>#/$defs/...</c> references, the only kind the protocol schemas use.</summary>
    public static JsonElement? Deref(JsonElement schemaRoot, JsonElement? schema)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            if (Keyword(schema, "$ref") is not { ValueKind: JsonValueKind.String } reference)
            {
                return schema;
            }

            var target = reference.GetString()!;
            if (!target.StartsWith(DefsPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            schema = Keyword(Keyword(schemaRoot, "$defs"), target[DefsPrefix.Length..]);
        }

        return null;
    }

    static JsonElement? PropertySchema(JsonElement? schema, string name)
    {
        if (Keyword(Keyword(schema, "properties"), name) is { } declared)
        {
            return declared;
        }

        return Keyword(schema, "additionalProperties") is { ValueKind: JsonValueKind.Object } additional ? additional : null;
    }

    static IEnumerable<string> Segments(string pointer)
    {
        if (pointer.Length == 0)
        {
            yield break;
        }

        // RFC 6901: "~1" is "/" and "~0" is "~", decoded in that order.
        foreach (var raw in pointer.TrimStart('/').Split('/'))
        {
            yield return raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
    }

    static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
