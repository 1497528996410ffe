using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Json.Pointer;

namespace SmartLab.Profiles.Internal;

/// <summary>Builds the dotted paths that problems are reported with: <c>commands[0].parameters[1].min</c>; the document itself is "".</summary>
internal static class DocumentPath
{
    public static string Property(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    /// <summary>Turns a JSON Pointer into a dotted path, using the document to tell array indexes from property names.</summary>
    public static string FromPointer(JsonPointer pointer, JsonNode? document)
    {
        var path = new StringBuilder();
        var node = document;
        var text = pointer.ToString();
        var segments = text.Length == 0 ? [] : text[1..].Split('/');
        foreach (var encoded in segments)
        {
            var segment = encoded.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node is JsonArray array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path.Append(CultureInfo.InvariantCulture, $"[{index}]");
                node = index < array.Count ? array[index] : null;
            }
            else
            {
                if (path.Length > 0)
                {
                    path.Append('.');
                }

                path.Append(segment);
                node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            }
        }

        return path.ToString();
    }
}
