using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SmartLab.Profiles.Internal;

/// <summary>What reading a YAML profile produced: the JSON document, where each node was written, and what was wrong.</summary>
internal sealed record YamlReadResult(JsonNode? Document, SourceMap Map, IReadOnlyList<PlacedProblem> Problems);

/// <summary>A problem at a path, before it is tied to a file.</summary>
internal sealed record PlacedProblem(string Path, SourcePosition? Position, string Problem);

/// <summary>
/// Turns YAML into a JSON document (YAML 1.2 core schema: plain <c>true</c>, <c>12</c>, <c>1e7</c>, <c>null</c> are typed,
/// quoted scalars are strings) while recording the line and column of every node, so that schema and semantic
/// problems can point at the place in the file. Reads parser events directly because the YAML object model
/// neither keeps positions in a form we can look up by path nor reports duplicate keys where they are.
/// </summary>
internal static partial class YamlJsonReader
{
    const string CoreTagPrefix = "tag:yaml.org,2002:";

    public static YamlReadResult Read(string yaml)
    {
        var map = new SourceMap();
        var problems = new List<PlacedProblem>();
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                problems.Add(new("", null, "the file holds no profile (it is empty or only comments)"));
                return new(null, map, problems);
            }

            parser.Consume<DocumentStart>();
            var document = ReadNode(parser, "", map, problems, anchors);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                problems.Add(new("", Position(second.Start), "a profile file holds exactly one YAML document; remove the second `---` document"));
            }

            return new(document, map, problems);
        }
        catch (YamlException e)
        {
            var position = e.Start.Line > 0 ? Position(e.Start) : (SourcePosition?)null;
            problems.Add(new("", position, $"YAML syntax error: {e.Message}"));
            return new(null, map, problems);
        }
        catch (InvalidOperationException)
        {
            // Some malformed input (an unclosed flow list followed by more keys) makes the YAML scanner fail without
            // a position; the last event it did read is the best place to point at.
            var position = parser.LastStart is { Line: > 0 } last ? Position(last) : (SourcePosition?)null;
            problems.Add(new("", position,
                "YAML syntax error: the file cannot be read past this point; look for an unclosed '[', '{' or quote"));
            return new(null, map, problems);
        }
    }

    static JsonNode? ReadNode(IParser parser, string path, SourceMap map, List<PlacedProblem> problems,
        Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            map.Add(path, Position(alias.Start));
            if (anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                return anchored?.DeepClone();
            }

            problems.Add(new(path, Position(alias.Start), $"alias *{alias.Value.Value} refers to no anchor defined before it"));
            return null;
        }

        var start = parser.Current ?? throw new InvalidOperationException("The YAML parser ended inside a node.");
        map.Add(path, Position(start.Start));
        JsonNode? node = start switch
        {
            MappingStart => ReadMapping(parser, path, map, problems, anchors),
            SequenceStart => ReadSequence(parser, path, map, problems, anchors),
            _ => ReadScalar(parser.Consume<Scalar>(), path, problems),
        };

        if (start is NodeEvent { Anchor.IsEmpty: false } anchoredEvent)
        {
            anchors[anchoredEvent.Anchor.Value] = node;
        }

        return node;
    }

    static JsonObject ReadMapping(IParser parser, string path, SourceMap map, List<PlacedProblem> problems,
        Dictionary<string, JsonNode?> anchors)
    {
        parser.Consume<MappingStart>();
        var result = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.Accept<Scalar>(out var key))
            {
                var keyStart = parser.Current!.Start;
                parser.SkipThisAndNestedEvents();
                problems.Add(new(path, Position(keyStart), "mapping keys must be plain names, not lists or mappings"));
                parser.SkipThisAndNestedEvents();
                continue;
            }

            parser.MoveNext();
            var name = key.Value;
            var childPath = DocumentPath.Property(path, name);
            if (result.ContainsKey(name))
            {
                problems.Add(new(childPath, Position(key.Start), $"`{name}` is given twice in the same mapping"));
                parser.SkipThisAndNestedEvents();
                continue;
            }

            result[name] = ReadNode(parser, childPath, map, problems, anchors);
        }

        return result;
    }

    static JsonArray ReadSequence(IParser parser, string path, SourceMap map, List<PlacedProblem> problems,
        Dictionary<string, JsonNode?> anchors)
    {
        parser.Consume<SequenceStart>();
        var result = new JsonArray();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            result.Add(ReadNode(parser, DocumentPath.Index(path, result.Count), map, problems, anchors));
        }

        return result;
    }

    static JsonNode? ReadScalar(Scalar scalar, string path, List<PlacedProblem> problems)
    {
        var text = scalar.Value;
        var tag = scalar.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific)
        {
            if (!tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal))
            {
                problems.Add(new(path, Position(scalar.Start), $"YAML tag {tag.Value} is not supported in profiles"));
                return text;
            }

            return tag.Value[CoreTagPrefix.Length..] switch
            {
                "str" => text,
                "null" => null,
                _ => Resolve(text, scalar, path, problems),
            };
        }

        // Quoted and block scalars are always strings; only plain ones are resolved to null, booleans and numbers.
        return scalar.Style == ScalarStyle.Plain && tag.IsEmpty ? Resolve(text, scalar, path, problems) : text;
    }

    static JsonNode? Resolve(string text, Scalar scalar, string path, List<PlacedProblem> problems)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF"
                or ".nan" or ".NaN" or ".NAN":
                problems.Add(new(path, Position(scalar.Start), $"{text} is not a finite number; leave the bound out instead"));
                return null;
        }

        if (IntegerPattern().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                ? JsonValue.Create(whole)
                : JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(text))
        {
            // decimal keeps 0.001 as 0.001 in the JSON document; huge exponents fall back to double.
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                ? JsonValue.Create(exact)
                : JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return text;
    }

    /// <summary>Remembers where the last event started, for errors the parser raises without a position.</summary>
    sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark? LastStart { get; private set; }

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is { } current)
            {
                LastStart = current.Start;
            }

            return moved;
        }
    }

    static SourcePosition Position(Mark mark) => new((int)mark.Line, (int)mark.Column);

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
