namespace SmartLab.Domain.Profiles;

/// <summary>The device profiles the hub has loaded.</summary>
public interface IProfileCatalog
{
    IReadOnlyList<DeviceProfile> All { get; }

    /// <summary>Finds a profile by id, and by exact version when one is given.</summary>
    DeviceProfile? Find(string id, string? version = null);
}
