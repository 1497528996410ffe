namespace SmartLab.Domain.Samples;

/// <summary>A physical sample: who owns it, what it is, what to be careful of, and whether it has arrived.</summary>
public sealed class SampleRecord
{
    /// <summary>Permanent id, <c>S-000045</c>, printed as a QR code on its label.</summary>
    public string Id { get; set; } = "";
    public long Seq { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? Composition { get; set; }
    public List<string> Hazards { get; set; } = [];
    public string Owner { get; set; } = "";
    public List<string> SharedWith { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedBy { get; set; }

    public bool IsUsableBy(string accountId) => Owner == accountId || SharedWith.Contains(accountId);
}
