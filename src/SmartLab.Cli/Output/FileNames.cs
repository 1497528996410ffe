namespace SmartLab.Cli.Output;

/// <summary>Names from the hub (ids, and file names an agent chose) turned into names that are safe to write.</summary>
internal static class FileNames
{
    /// <summary>One harmless file name: no folders, no leading dots, no characters the file system refuses; <paramref name="fallback"/> when nothing is left.</summary>
    public static string Safe(string name, string fallback)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(Path.GetFileName(name.Replace('\\', '/')).Select(c => invalid.Contains(c) || c == ':' || char.IsControl(c) ? '_' : c).ToArray())
            .TrimStart('.', ' ').TrimEnd(' ');
        return safe.Length == 0 ? fallback : safe;
    }
}
