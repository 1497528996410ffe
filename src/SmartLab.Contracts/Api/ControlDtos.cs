using System.Text.Json;

namespace SmartLab.Contracts.Api;

/// <summary>Body of <c>POST /api/v1/instruments/{id}/lease</c> (staff): take exclusive remote control.</summary>
/// <param name="Purpose">What the holder is doing, shown to other staff (for example "sintering test for J-000012").</param>
/// <param name="DurationSeconds">How long the lease lasts unless renewed (default 300, at most 3600).</param>
public sealed record AcquireLeaseRequest(string? Purpose = null, int? DurationSeconds = null);

/// <summary>Body of <c>PUT /api/v1/instruments/{id}/lease</c>: renew (header <c>X-Lease-Id</c>).</summary>
public sealed record RenewLeaseRequest(int? DurationSeconds = null);

/// <summary>A control lease.</summary>
public sealed record LeaseView(string LeaseId, string InstrumentId, string Holder, string? Purpose, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);

/// <summary>Answer of <c>POST /api/v1/instruments/{id}/commands/{name}</c>: the agent's reply and how long it took.</summary>
public sealed record CommandResultView
{
    public required string CommandId { get; init; }
    public required string Instrument { get; init; }
    public required string Name { get; init; }

    /// <summary>completed (the agent's rejected and failed answers come back as problems).</summary>
    public required string Status { get; init; }
    public JsonElement? Result { get; init; }
    public double LatencyMs { get; init; }
    public int Attempts { get; init; } = 1;
}
