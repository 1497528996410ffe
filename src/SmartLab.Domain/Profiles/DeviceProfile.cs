namespace SmartLab.Domain.Profiles;

/// <summary>
/// What an instrument kind can report and do: telemetry channels, short commands, long methods (run as jobs)
/// and the metadata every measurement must carry. Loaded from <c>device-profiles/*.yaml</c>.
/// </summary>
public sealed record DeviceProfile
{
    public required string Id { get; init; }

    /// <summary>Semantic version, for example 1.0.0.</summary>
    public required string Version { get; init; }

    /// <summary>Instrument kind, for example xrd, furnace, uv-vis, sem.</summary>
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? Vendor { get; init; }
    public IReadOnlyList<TelemetryChannel> Telemetry { get; init; } = [];
    public IReadOnlyList<CommandDefinition> Commands { get; init; } = [];
    public IReadOnlyList<MethodDefinition> Methods { get; init; } = [];
    public IReadOnlyList<MetadataField> RequiredMetadata { get; init; } = [];

    /// <summary>Where the profile came from (file path), for messages.</summary>
    public string? Source { get; init; }

    /// <summary><c>id@version</c>, as error messages name a profile.</summary>
    public string Key => $"{Id}@{Version}";

    public TelemetryChannel? FindChannel(string name)
    {
        foreach (var channel in Telemetry)
        {
            if (channel.Name == name)
            {
                return channel;
            }
        }

        return null;
    }

    public CommandDefinition? FindCommand(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public MethodDefinition? FindMethod(string name) => Methods.FirstOrDefault(m => m.Name == name);
}
