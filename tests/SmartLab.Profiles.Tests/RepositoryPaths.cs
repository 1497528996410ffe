namespace SmartLab.Profiles.Tests;

/// <summary>Finds the checkout the tests run from, so they load the profiles that are actually shipped.</summary>
internal static class RepositoryPaths
{
    static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string DeviceProfiles => Path.Combine(Root.Value, "device-profiles");

    public static string Schema => Path.Combine(DeviceProfiles, "schema", "device-profile.schema.json");

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmartLab.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains SmartLab.sln.");
    }
}
