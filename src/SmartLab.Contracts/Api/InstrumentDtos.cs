using System.Text.Json;

namespace SmartLab.Contracts.Api;

/// <summary>Body of <c>POST /api/v1/instruments</c>.</summary>
public sealed record RegisterInstrumentRequest(string Id, string Profile, string? ProfileVersion = null, string? DisplayName = null, string? Location = null);

/// <summary>The agent's MQTT login; the password is shown once, at registration or rotation.</summary>
public sealed record MqttCredentials(string Username, string Password, string ClientId);

public sealed record RegisteredInstrument(string Id, string Profile, string? ProfileVersion, MqttCredentials Mqtt);

/// <summary>An instrument as clients see it.</summary>
public sealed record InstrumentView
{
    public required string Id { get; init; }
    public string? DisplayName { get; init; }
    public string? Location { get; init; }
    public required string Profile { get; init; }
    public string? ProfileVersion { get; init; }
    public bool Online { get; init; }

    /// <summary>idle, busy, error, maintenance, local, or unusable when the hub cannot use it (see <see cref="UnusableReason"/>).</summary>
    public string? Status { get; init; }
    public string? UnusableReason { get; init; }
    public long Session { get; init; }
    public string? Agent { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }
    public string? CurrentJob { get; init; }
    public string? LeaseHolder { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Why commands to the instrument are refused for now (it stopped answering them), or null.</summary>
    public string? Degraded { get; init; }
    public LastTelemetry? LastTelemetry { get; init; }
    public required InstrumentCounters Counters { get; init; }
}

public sealed record LastTelemetry(DateTimeOffset Ts, IReadOnlyDictionary<string, JsonElement> Values);

/// <summary>Message counts since the hub started.</summary>
public sealed record InstrumentCounters(long TelemetryAccepted, long TelemetryRejected, long SeqGaps, long MeasurementsStored,
    long MeasurementsRejected, long StaleWillsIgnored);

/// <summary>One downsampled history bucket.</summary>
public sealed record TelemetryBucketView(string Channel, DateTimeOffset Ts, double Mean, double Min, double Max, int Count, string? Last);
