namespace SmartLab.Profiles.Internal;

/// <summary>1-based line and column of a YAML node.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

/// <summary>Where each node of a profile document was written, by dotted path (<c>commands[0].parameters[1].min</c>).</summary>
internal sealed class SourceMap
{
    readonly Dictionary<string, SourcePosition> positions = new(StringComparer.Ordinal);

    public void Add(string path, SourcePosition position) => positions.TryAdd(path, position);

    /// <summary>The position of <paramref name="path"/>, or of its nearest recorded ancestor (a missing field is reported where its parent is).</summary>
    public SourcePosition? Find(string path)
    {
        var current = path;
        while (true)
        {
            if (positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return null;
            }

            current = DocumentPath.Parent(current);
        }
    }
}
