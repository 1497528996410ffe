using SmartLab.Domain.Profiles;
using SmartLab.Profiles.Internal;

namespace SmartLab.Profiles;

/// <summary>
/// Loads device profiles from YAML. Each profile is checked against the device profile JSON Schema and then against
/// the rules a schema cannot express (unique names, sensible ranges and defaults, UCUM unit codes). Any problem
/// stops the load with a <see cref="ProfileLoadException"/> that names the file, the line and column, the path in
/// the document and what is wrong, so a bad profile never reaches the hub half-understood.
/// </summary>
public static class ProfileLoader
{
    /// <summary>The device profile JSON Schema (draft 2020-12) the loader validates with, for tools and the HTTP API.</summary>
    public static string SchemaJson => ProfileSchema.Text;

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="directory"/>, in name order.
    /// Reports the problems of all files at once, including the same id and version declared by two files.
    /// </summary>
    /// <exception cref="ProfileLoadException">The directory is missing or any file has a problem.</exception>
    public static IReadOnlyList<DeviceProfile> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ProfileLoadException(new ProfileProblem(directory, null, null, "", "the profile directory does not exist"));
        }

        var files = Directory.EnumerateFiles(directory, "*.yaml", SearchOption.TopDirectoryOnly)
            .Concat(Directory.EnumerateFiles(directory, "*.yml", SearchOption.TopDirectoryOnly))
            .Order(StringComparer.Ordinal)
            .ToList();

        var profiles = new List<DeviceProfile>();
        var problems = new List<ProfileProblem>();
        var byKey = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var result = ReadFile(file);
            problems.AddRange(result.Problems);
            if (result.Profile is not { } profile)
            {
                continue;
            }

            if (byKey.TryGetValue(profile.Key, out var first))
            {
                var position = result.Map.Find("id");
                problems.Add(new(file, position?.Line, position?.Column, "id",
                    $"profile {profile.Key} is already defined by {first.Source}; give this one another id or version"));
                continue;
            }

            byKey[profile.Key] = profile;
            profiles.Add(profile);
        }

        return problems.Count > 0 ? throw new ProfileLoadException(problems) : profiles;
    }

    /// <summary>Loads one profile file; <see cref="DeviceProfile.Source"/> is set to <paramref name="path"/>.</summary>
    /// <exception cref="ProfileLoadException">The file cannot be read or has a problem.</exception>
    public static DeviceProfile LoadFile(string path) => Unwrap(ReadFile(path));

    /// <summary>Parses profile YAML; <paramref name="sourceName"/> names it in problems and becomes <see cref="DeviceProfile.Source"/>.</summary>
    /// <exception cref="ProfileLoadException">The text has a problem.</exception>
    public static DeviceProfile Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Unwrap(ProfileReader.Read(yaml, sourceName));
    }

    static ProfileReadResult ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : $"the file cannot be read: {e.Message}";
            throw new ProfileLoadException(new ProfileProblem(path, null, null, "", reason), e);
        }

        return ProfileReader.Read(yaml, path);
    }

    static DeviceProfile Unwrap(ProfileReadResult result) =>
        result.Profile ?? throw new ProfileLoadException(result.Problems);
}
