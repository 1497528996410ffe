namespace SmartLab.Contracts.Payloads;

/// <summary>An alarm or notice on <c>P/instruments/{id}/events</c>.</summary>
public sealed record EventPayload
{
    public int V { get; init; } = 1;
    public DateTimeOffset Ts { get; init; }

    /// <summary>info, warning or alarm.</summary>
    public string Severity { get; init; } = "info";
    public string Code { get; init; } = "";
    public string? Message { get; init; }
    public string? JobId { get; init; }
}
