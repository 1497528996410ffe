namespace SmartLab.Contracts.Payloads;

/// <summary>"stored" or "rejected" for a measurement or file, on <c>P/instruments/{id}/acks</c>.</summary>
public sealed record AckPayload
{
    public int V { get; init; } = 1;

    /// <summary>measurement or file.</summary>
    public required string Kind { get; init; }
    public required string Id { get; init; }

    /// <summary>stored or rejected.</summary>
    public required string Status { get; init; }
    public ErrorInfo? Error { get; init; }
}

/// <summary>Why the hub dropped one of an agent's messages, on <c>P/instruments/{id}/diagnostics</c>.</summary>
public sealed record DiagnosticPayload
{
    public int V { get; init; } = 1;
    public required string Topic { get; init; }
    public required string Code { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset Ts { get; init; }
}

/// <summary>The hub's own state on <c>P/hub/state</c> (retained); its will says offline.</summary>
public sealed record HubStatePayload
{
    public int V { get; init; } = 1;
    public bool Online { get; init; }
    public DateTimeOffset? Ts { get; init; }
}

/// <summary>Asks an agent to republish its state now.</summary>
public sealed record RebirthPayload
{
    public int V { get; init; } = 1;
}
