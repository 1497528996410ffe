using System.Globalization;
using System.Text.Json;

namespace SmartLab.Cli.Http;

/// <summary>
/// An error answer of the hub: RFC 9457 problem details with SmartLab's <c>code</c> and <c>field</c> members, and
/// for a job with several bad parameters, every one of them in <c>errors</c>.
/// </summary>
internal sealed record HubProblem(int Status, string? Title, string? Detail, string? Code, string? Field, IReadOnlyList<HubProblem.Entry> Errors)
{
    /// <summary>One of several problems of the same request.</summary>
    public sealed record Entry(string? Field, string? Code, string Message);

    /// <summary>Reads a problem body; anything else (empty, HTML from a proxy, plain text) still gives a usable problem.</summary>
    public static HubProblem Parse(int status, string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new HubProblem(status, null, null, null, null, []);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return new HubProblem(status, Text(root, "title"), Text(root, "detail"), Text(root, "code"), Text(root, "field"), Entries(root));
            }
        }
        catch (JsonException)
        {
        }

        var firstLine = body.Trim().Split('\n', 2)[0].Trim();
        return new HubProblem(status, null, firstLine.Length > 200 ? firstLine[..200] + "…" : firstLine, null, null, []);
    }

    /// <summary>
    /// One line a scientist can act on: <c>&lt;detail&gt; (field: x, code: y)</c>; the HTTP status stands in when the
    /// hub gave neither field nor code.
    /// </summary>
    public string Format()
    {
        if (Detail is null && Errors.Count > 0)
        {
            var first = Errors[0];
            return Line(first.Message, first.Field, first.Code);
        }

        // Authentication problems carry only a title ("Unauthorized"); say what to check instead.
        var message = Detail ?? Status switch
        {
            401 => "the hub did not accept the API token; check SMARTLAB_TOKEN, --token-file or the config file",
            403 => "your account's role is not allowed to do this",
            _ => Title ?? (Status == 404 ? "not found" : "the hub refused the request"),
        };
        return Line(message, Field, Code);
    }

    /// <summary><see cref="Format"/>, then one line for each further problem the hub listed.</summary>
    public IReadOnlyList<string> FormatAll()
    {
        var lines = new List<string> { Format() };
        foreach (var entry in Errors)
        {
            var line = Line(entry.Message, entry.Field, entry.Code);
            if (!lines.Contains(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    string Line(string message, string? field, string? code)
    {
        var tags = new List<string>(2);
        if (field is not null)
        {
            tags.Add($"field: {field}");
        }

        if (code is not null)
        {
            tags.Add($"code: {code}");
        }

        if (tags.Count == 0)
        {
            tags.Add(string.Create(CultureInfo.InvariantCulture, $"HTTP {Status}"));
        }

        return $"{message} ({string.Join(", ", tags)})";
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text.ReplaceLineEndings(" ")
            : null;

    /// <summary>
    /// <c>errors</c> comes as SmartLab's list of <c>{field, code, message}</c>, or as ASP.NET's validation map of
    /// field to messages (for a body that could not be read at all).
    /// </summary>
    static List<Entry> Entries(JsonElement root)
    {
        var entries = new List<Entry>();
        if (!root.TryGetProperty("errors", out var errors))
        {
            return entries;
        }

        if (errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
            {
                if ((Text(error, "message") ?? Text(error, "detail")) is { } message)
                {
                    entries.Add(new Entry(Text(error, "field"), Text(error, "code"), message));
                }
            }
        }
        else if (errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(m => m.ToString()) : [field.Value.ToString()];
                entries.AddRange(messages.Select(m => new Entry(field.Name, null, m.ReplaceLineEndings(" "))));
            }
        }

        return entries;
    }
}
