using System.Text;

namespace SmartLab.Export;

/// <summary>File names inside exports. Names come from agents, so they are cleaned before they become paths.</summary>
public static class ExportNames
{
    /// <summary>
    /// The last path segment of <paramref name="name"/> with anything but letters, digits, <c>.-_</c> replaced by <c>_</c>;
    /// <paramref name="fallback"/> when nothing usable is left (or the name is <c>.</c>/<c>..</c>).
    /// </summary>
    public static string SafeFileName(string name, string fallback)
    {
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var clean = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var result = clean.ToString().Trim('.');
        return result.Length == 0 ? SafeFileName(fallback, "file") : result.Length > 120 ? result[^120..] : result;
    }
}
