using Microsoft.Extensions.Logging;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;
using SmartLab.Messaging.Mqtt.Transport;

namespace SmartLab.Hub.Ingest;

/// <summary>What the hub tells agents: acks, diagnostics, rebirth requests.</summary>
/// <remarks>
/// The transport is looked up on first use: the broker needs the ingest, the ingest needs this publisher, and this
/// publisher needs the broker.
/// </remarks>
public sealed class HubPublisher(IServiceProvider services, TimeProvider time, ILogger<HubPublisher> logger)
{
    IHubTransport? _transport;

    IHubTransport Transport => _transport ??= (IHubTransport)services.GetService(typeof(IHubTransport))!;

    public Task AckAsync(string instrumentId, string kind, string id, ErrorInfo? error = null) =>
        SendAsync(Topics.Acks(instrumentId), ProtocolJson.Serialize(new AckPayload
        {
            Kind = kind,
            Id = id,
            Status = error is null ? "stored" : "rejected",
            Error = error,
        }), qos: 1);

    /// <summary>Tells the agent why a message was dropped or, with <paramref name="dropped"/> false, what is wrong with one stored all the same.</summary>
    public Task DiagnosticAsync(string instrumentId, string topic, string code, string message, bool dropped = true)
    {
        if (dropped)
        {
            logger.LogInformation("Dropped a message of {Instrument} on {Topic}: {Code}: {Message}", instrumentId, topic, code, message);
        }
        else
        {
            logger.LogInformation("Stored a message of {Instrument} on {Topic} with a warning: {Code}: {Message}", instrumentId, topic, code, message);
        }

        return SendAsync(Topics.Diagnostics(instrumentId), ProtocolJson.Serialize(new DiagnosticPayload
        {
            Topic = topic,
            Code = code,
            Message = message,
            Ts = time.GetUtcNow(),
        }), qos: 0);
    }

    public Task RebirthAsync(string instrumentId) =>
        SendAsync(Topics.Rebirth(instrumentId), ProtocolJson.Serialize(new RebirthPayload()), qos: 1);

    /// <summary>A job start or abort (QoS 1; the agent deduplicates on job id and attempt).</summary>
    public Task JobAsync(string instrumentId, byte[] payload) => SendAsync(Topics.Jobs(instrumentId), payload, qos: 1);

    public Task HubStateAsync(bool online) =>
        SendAsync(Topics.HubState, ProtocolJson.Serialize(new HubStatePayload { Online = online, Ts = time.GetUtcNow() }), qos: 1, retain: true);

    async Task SendAsync(string topic, byte[] payload, int qos, bool retain = false)
    {
        try
        {
            await Transport.PublishAsync(topic, payload, qos, retain).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // An agent that misses an ack replays its outbox after reconnecting; nothing is lost by failing here.
            logger.LogWarning(ex, "Publishing to {Topic} failed", topic);
        }
    }
}
