namespace SmartLab.Domain.Accounts;

/// <summary>Who did what, when, on whose behalf.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset Ts { get; set; }
    public string Actor { get; set; } = "";
    public string? OnBehalfOf { get; set; }
    public string Action { get; set; } = "";
    public string? InstrumentId { get; set; }
    public string? Target { get; set; }
    public string? Details { get; set; }
}
