using System.Reflection;

namespace SmartLab.Export;

/// <summary>Values every export uses unless the caller gives others.</summary>
public static class ExportDefaults
{
    /// <summary>
    /// Until the facility chooses a licence, nothing is granted: the crate says so in words rather than pretending to a
    /// Creative Commons licence nobody chose.
    /// </summary>
    public const string License = "All rights reserved by the facility; ask the data owner before reuse.";

    /// <summary>The product name written as the producing program.</summary>
    public const string ProgramName = "SmartLab";

    /// <summary>This assembly's version (the hub's release), without build metadata.</summary>
    public static string ProgramVersion { get; } =
        (typeof(ExportDefaults).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
