namespace SmartLab.Export.Model;

/// <summary>The instrument that produced a measurement, its device profile and the agent software that spoke for it.</summary>
public sealed record InstrumentInfo
{
    public required string Id { get; init; }
    public string? DisplayName { get; init; }

    /// <summary>Instrument kind from the profile: xrd, sem, furnace, uv-vis, ...</summary>
    public string? Kind { get; init; }
    public string? ProfileId { get; init; }
    public string? ProfileVersion { get; init; }
    public string? ProfileTitle { get; init; }
    public string? Vendor { get; init; }
    public string? Location { get; init; }
    public string? AgentName { get; init; }
    public string? AgentVersion { get; init; }

    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Id : DisplayName;
}
