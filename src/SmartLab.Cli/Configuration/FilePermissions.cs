namespace SmartLab.Cli.Configuration;

/// <summary>Spots files holding secrets that other local users can read or change.</summary>
internal static class FilePermissions
{
    const UnixFileMode Shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>A warning line when <paramref name="path"/> is open to group or others, else null (always null on Windows, which has ACLs instead).</summary>
    public static string? Warning(string path, string what)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if ((mode & Shared) == 0)
        {
            return null;
        }

        var octal = Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
        return $"warning: {what} {path} can be read or changed by other users (mode {octal}); run: chmod 600 {path}";
    }
}
