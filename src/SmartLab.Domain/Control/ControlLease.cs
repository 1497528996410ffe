namespace SmartLab.Domain.Control;

/// <summary>Exclusive remote control of one instrument by one staff member, until it expires, is released or is broken.</summary>
public sealed class ControlLease
{
    /// <summary>The instrument id (one lease per instrument).</summary>
    public string Id { get; set; } = "";

    /// <summary>Random, unguessable: commands carry it to prove they come from the holder's session.</summary>
    public string LeaseId { get; set; } = "";
    public string Holder { get; set; } = "";
    public string HolderRole { get; set; } = "";
    public string? Purpose { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public bool IsActive(DateTimeOffset now) => now < ExpiresAt;
}
