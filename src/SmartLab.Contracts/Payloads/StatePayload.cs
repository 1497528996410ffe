namespace SmartLab.Contracts.Payloads;

/// <summary>Birth, status change or death (will) on <c>P/instruments/{id}/state</c>.</summary>
public sealed record StatePayload
{
    public int V { get; init; } = 1;
    public bool Online { get; init; }
    public long Session { get; init; }

    /// <summary>idle, busy, error, maintenance or local. Absent in a will.</summary>
    public string? Status { get; init; }
    public ProfileRef? Profile { get; init; }
    public AgentInfo? Agent { get; init; }
    public DateTimeOffset? Ts { get; init; }
}

public sealed record ProfileRef(string Id, string Version);

public sealed record AgentInfo(string Name, string Version);
