using System.Globalization;

namespace SmartLab.Profiles;

/// <summary>
/// One thing wrong with a profile file: which file, where in it (1-based line and column of the offending
/// YAML node, and the dotted path such as <c>commands[0].parameters[1].min</c>) and what is wrong.
/// </summary>
/// <param name="File">The file (or source name) the profile was read from.</param>
/// <param name="Line">1-based line of the offending node; null when the problem is about the whole file.</param>
/// <param name="Column">1-based column of the offending node; null when <paramref name="Line"/> is.</param>
/// <param name="Path">Dotted path into the profile document; empty for the document itself.</param>
/// <param name="Problem">What is wrong, in words an instrument integrator can act on.</param>
public sealed record ProfileProblem(string File, int? Line, int? Column, string Path, string Problem)
{
    /// <summary>The place, for example <c>42:9 (commands[0].parameters[1].max)</c>.</summary>
    public string Location
    {
        get
        {
            var position = Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{line}:{Column ?? 1}") : "";
            var path = Path.Length == 0 ? "" : $"({Path})";
            return position.Length > 0 && path.Length > 0 ? $"{position} {path}" : position + path;
        }
    }

    /// <summary><c>file:line:column (path): problem</c>, the shape compilers use so editors can jump to it.</summary>
    public override string ToString()
    {
        var position = Line is { } line ? string.Create(CultureInfo.InvariantCulture, $":{line}:{Column ?? 1}") : "";
        var path = Path.Length == 0 ? "" : $" ({Path})";
        return $"{File}{position}{path}: {Problem}";
    }
}
