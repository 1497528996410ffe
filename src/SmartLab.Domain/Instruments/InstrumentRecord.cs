namespace SmartLab.Domain.Instruments;

/// <summary>A registered instrument: what an admin registered, plus the last state its agent reported.</summary>
public sealed class InstrumentRecord
{
    public string Id { get; set; } = "";
    public string ProfileId { get; set; } = "";

    /// <summary>The profile version the instrument was registered with; null accepts whatever version the hub has loaded.</summary>
    public string? ProfileVersion { get; set; }
    public string? DisplayName { get; set; }
    public string? Location { get; set; }

    /// <summary>PBKDF2 hash of the agent's MQTT password; the password itself is never stored.</summary>
    public string SecretHash { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public string RegisteredBy { get; set; } = "";
    public DateTimeOffset? CredentialsRotatedAt { get; set; }

    // Last reported state.
    public bool Online { get; set; }
    public long Session { get; set; }
    public string? Status { get; set; }
    public string? ReportedProfileId { get; set; }
    public string? ReportedProfileVersion { get; set; }
    public string? AgentName { get; set; }
    public string? AgentVersion { get; set; }

    /// <summary>Why the hub cannot use the instrument (unknown profile or version), or null.</summary>
    public string? UnusableReason { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
}
