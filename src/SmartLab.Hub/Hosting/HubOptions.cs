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

    /// <summary>How much faster than real time the demo's simulated instruments run (a 30-minute XRD scan takes 9 s at 200).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public double DemoTimeScale { get; set; } = 200;

    /// <summary>The facility's name, printed on sample labels.</summary>
    public string FacilityName { get; set; } = "SmartLab facility";

    public string ResolveProfilesDirectory() =>
        ProfilesDirectory ?? Path.Combine(AppContext.BaseDirectory, "device-profiles");
}
