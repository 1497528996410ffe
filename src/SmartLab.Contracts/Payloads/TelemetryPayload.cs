using System.Text.Json;

namespace SmartLab.Contracts.Payloads;

/// <summary>Readings on <c>P/instruments/{id}/telemetry</c>; channel names come from the profile.</summary>
public sealed record TelemetryPayload
{
    public int V { get; init; } = 1;
    public long Seq { get; init; }
    public DateTimeOffset Ts { get; init; }
    public IReadOnlyDictionary<string, JsonElement> Values { get; init; } = new Dictionary<string, JsonElement>();
}
