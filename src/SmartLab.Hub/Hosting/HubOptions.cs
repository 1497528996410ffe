using System.ComponentModel.DataAnnotations;

namespace SmartLab.Hub.Hosting;

/// <summary>Top-level hub settings, bound from the <c>SmartLab</c> section.</summary>
public sealed class HubOptions
{
    public const string Section = "SmartLab";

    /// <summary>Folder of the database, lock file, admin token and demo state. Default <c>./data</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder of device profile YAML files. Default: the <c>device-profiles</c> folder shipped beside the hub.</summary>
    public string? ProfilesDirectory { get; set; }

    /// <summary>Demo mode: simulated instruments and demo accounts (also <c>--demo</c>).</summary>
    public bool Demo { get; set; }

    /// <summary>The facility's name, printed on sample labels.</summary>
    public string FacilityName { get; set; } = "SmartLab facility";

    public string ResolveProfilesDirectory() =>
        ProfilesDirectory ?? Path.Combine(AppContext.BaseDirectory, "device-profiles");
}
