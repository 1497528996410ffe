using SmartLab.Domain.Profiles;

namespace SmartLab.Profiles;

/// <summary>The loaded device profiles, looked up by id and version.</summary>
public sealed class ProfileCatalog : IProfileCatalog
{
    readonly Dictionary<string, List<DeviceProfile>> byId = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">Two profiles share an id and version.</exception>
    public ProfileCatalog(IEnumerable<DeviceProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        foreach (var profile in profiles)
        {
            if (!byId.TryGetValue(profile.Id, out var versions))
            {
                byId[profile.Id] = versions = [];
            }

            if (versions.Any(v => v.Version == profile.Version))
            {
                throw new ArgumentException($"Profile {profile.Key} is given twice ({profile.Source ?? "?"}).", nameof(profiles));
            }

            versions.Add(profile);
        }

        foreach (var versions in byId.Values)
        {
            versions.Sort((a, b) => CompareVersions(a.Version, b.Version));
        }

        All = [.. byId.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value)];
    }

    /// <summary>Loads the catalog from a directory of profile files (see <see cref="ProfileLoader.LoadDirectory"/>).</summary>
    /// <exception cref="ProfileLoadException">The directory is missing or a file has a problem.</exception>
    public static ProfileCatalog Load(string directory) => new(ProfileLoader.LoadDirectory(directory));

    /// <summary>Every profile, by id, then by ascending version.</summary>
    public IReadOnlyList<DeviceProfile> All { get; }

    /// <summary>The profile with this id and exact version; without a version, the highest version of that id.</summary>
    public DeviceProfile? Find(string id, string? version = null)
    {
        if (!byId.TryGetValue(id, out var versions))
        {
            return null;
        }

        return version is null ? versions[^1] : versions.FirstOrDefault(v => v.Version == version);
    }

    /// <summary>Compares MAJOR.MINOR.PATCH numerically (1.10.0 is above 1.9.0); odd versions fall back to text order.</summary>
    static int CompareVersions(string a, string b) =>
        System.Version.TryParse(a, out var va) && System.Version.TryParse(b, out var vb)
            ? va.CompareTo(vb)
            : string.CompareOrdinal(a, b);
}
