namespace SmartLab.Profiles;

/// <summary>Where the hub finds its device profiles.</summary>
public sealed class ProfilesOptions
{
    /// <summary>Configuration section name, <c>Profiles</c>.</summary>
    public const string SectionName = "Profiles";

    /// <summary>
    /// Folder holding the <c>*.yaml</c> profiles. Default <c>device-profiles</c>; a relative path is taken from the
    /// application's base directory (where the build copies the shipped profiles), not from the working directory.
    /// </summary>
    public string Directory { get; set; } = "device-profiles";

    /// <summary><see cref="Directory"/> as an absolute path.</summary>
    public string ResolveDirectory() =>
        Path.IsPathRooted(Directory) ? Directory : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, Directory));
}
