namespace SmartLab.Domain.Loops;

/// <summary>
/// The last status a closed loop reported to the hub. The loop's jobs are the record of what ran; this keeps the loop's
/// own view (values it computed, what it waits for) so people can follow it without the loop's process.
/// </summary>
public sealed class LoopRecord
{
    /// <summary><c>{account}/{name}</c>.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Account { get; set; } = "";

    /// <summary>The user an automation account acts for: they see the loop too.</summary>
    public string? OnBehalfOf { get; set; }
    public DateTimeOffset FirstReportedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The report as the loop sent it (JSON), validated on the way in.</summary>
    public string Report { get; set; } = "";
}
