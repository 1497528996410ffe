namespace SmartLab.Cli.Http;

/// <summary>
/// The parts of a device profile (<c>GET /api/v1/profiles/{id}</c>) the command line shows: its telemetry channels
/// with their units. The hub sends much more; the rest is ignored, so a richer profile never breaks the CLI.
/// </summary>
internal sealed record ProfileView(string Id, string Version, IReadOnlyList<ProfileView.Channel>? Telemetry)
{
    /// <summary>A telemetry channel; <see cref="Unit"/> is a UCUM code (<c>Cel</c>, <c>mL/min</c>, <c>1</c> for none).</summary>
    public sealed record Channel(string Name, string? Unit, string? Description);
}
