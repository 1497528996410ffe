using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using SmartLab.Agent.Internal;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    /// <summary>
    /// Publishes readings (QoS 0). Channel names and units come from the device profile; values are numbers, booleans or
    /// strings (null values are left out). <c>seq</c> starts at 0 in every session and increases by one per message.
    /// Returns false when the agent is not connected: telemetry is not stored for later.
    /// </summary>
    public async Task<bool> PublishTelemetryAsync(IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var connection = Volatile.Read(ref _connection);
        if (connection is null || !connection.IsUp)
        {
            return false;
        }

        var elements = new Dictionary<string, System.Text.Json.JsonElement>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                elements[name] = JsonValues.ToElement(value);
            }
        }

        var telemetry = new TelemetryPayload { Seq = connection.NextSequence(), Ts = TimeProvider.GetUtcNow(), Values = elements };
        var result = await PublishCoreAsync(connection, Topics.Telemetry(InstrumentId), ProtocolJson.Serialize(telemetry),
            MqttQualityOfServiceLevel.AtMostOnce, retain: false, cancellationToken).ConfigureAwait(false);
        return result is not null;
    }

    /// <summary>
    /// Publishes an alarm or notice (QoS 1), for example <c>(Alarm, "INTERLOCK_DOOR_OPEN", "the enclosure door opened during a scan")</c>.
    /// Returns true when the broker accepted it; events are not stored while disconnected (they are also logged).
    /// </summary>
    public async Task<bool> PublishEventAsync(EventSeverity severity, string code, string message, string? jobId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var level = severity switch
        {
            EventSeverity.Alarm => LogLevel.Error,
            EventSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        Logger.Log(level, "{InstrumentId} event {Code}: {Message}", InstrumentId, code, message);
        var payload = new EventPayload
        {
            Ts = TimeProvider.GetUtcNow(),
            Severity = severity.ToWire(),
            Code = code,
            Message = message,
            JobId = jobId,
        };
        var result = await PublishCoreAsync(null, Topics.Events(InstrumentId), ProtocolJson.Serialize(payload),
            MqttQualityOfServiceLevel.AtLeastOnce, retain: false, cancellationToken).ConfigureAwait(false);
        return result is { IsSuccess: true };
    }
}
