using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;
using SmartLab.Domain.Profiles;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Messaging.Mqtt.Validation;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Ingest;

/// <summary>
/// Everything an agent publishes passes through here: size and JSON checks, the payload schema, the device profile, then
/// state, telemetry, events, measurements and files each go their own way. Bad input is never stored: it is counted and
/// answered with a diagnostic (and a rejected ack for measurements and files), and it touches no other instrument.
/// </summary>
public sealed partial class MessageIngest(
    InstrumentRegistry registry,
    IProfileCatalog profiles,
    LiteDbStore store,
    HubPublisher publisher,
    PayloadSchemas schemas,
    FileAssembler files,
    TelemetryHistory history,
    TelemetryFeed feed,
    IngestStatistics statistics,
    Jobs.JobService jobs,
    Control.CommandService commands,
    IOptions<MqttOptions> mqttOptions,
    TimeProvider time,
    ILogger<MessageIngest> logger) : IInboundHandler
{
    readonly MqttOptions _mqtt = mqttOptions.Value;

    public async ValueTask<InboundOutcome> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        statistics.CountMessage();
        var instrument = registry.Find(message.Topic.InstrumentId!);
        if (instrument is null)
        {
            // Only reachable in external mode, where the broker authenticates: an instrument the hub does not know.
            logger.LogWarning("Message on {Topic} from an unregistered instrument ignored", message.RawTopic);
            statistics.CountRejected();
            return InboundOutcome.Rejected;
        }

        if (message.Topic.Kind == TopicKind.FileChunk)
        {
            return await files.OnChunkAsync(instrument, message, cancellationToken).ConfigureAwait(false);
        }

        if (message.Payload.Length > _mqtt.MaxJsonBytes)
        {
            return await RejectAsync(instrument, message, new Rejection("too_large",
                $"payload of {message.Payload.Length} bytes exceeds the limit of {_mqtt.MaxJsonBytes} bytes"), null).ConfigureAwait(false);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Payload);
        }
        catch (JsonException ex)
        {
            return await RejectAsync(instrument, message, new Rejection("invalid_json", $"payload is not valid JSON: {ex.Message}"),
                null).ConfigureAwait(false);
        }

        using (document)
        {
            var root = document.RootElement;
            if (PayloadKinds.TryFromTopic(message.Topic.Kind, out var kind))
            {
                var check = schemas.Validate(kind, root);
                if (!check.IsValid)
                {
                    return await RejectAsync(instrument, message, Rejection.InvalidPayload(check.Field, check.Message ?? "invalid payload"),
                        MeasurementIdOf(message, root)).ConfigureAwait(false);
                }
            }

            Rejection? rejection;
            try
            {
                rejection = message.Topic.Kind switch
                {
                    TopicKind.State => await OnStateAsync(instrument, root, cancellationToken).ConfigureAwait(false),
                    TopicKind.Telemetry => OnTelemetry(instrument, root),
                    TopicKind.Events => await OnEventAsync(instrument, root, cancellationToken).ConfigureAwait(false),
                    TopicKind.Measurements => await OnMeasurementAsync(instrument, message, root, cancellationToken).ConfigureAwait(false),
                    TopicKind.JobStatus => await OnJobStatusAsync(instrument, message, root, cancellationToken).ConfigureAwait(false),
                    TopicKind.Replies => OnReply(instrument, root),
                    _ => null,
                };
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                // The schema allows a few forms the typed reader does not (an integer written as 1.0): still bad input, never a retry.
                rejection = new Rejection("invalid_payload", $"payload could not be read: {ex.Message}");
            }

            if (rejection is not null)
            {
                return await RejectAsync(instrument, message, rejection, MeasurementIdOf(message, root)).ConfigureAwait(false);
            }

            return InboundOutcome.Accepted;
        }
    }

    static string? MeasurementIdOf(InboundMessage message, JsonElement root) =>
        message.Topic.Kind == TopicKind.Measurements && root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("measurementId", out var id) && id.ValueKind == JsonValueKind.String
            && ProtocolConstants.IsValidMessageId(id.GetString())
            ? id.GetString()
            : null;

    async Task<InboundOutcome> RejectAsync(InstrumentRuntime instrument, InboundMessage message, Rejection rejection, string? measurementId)
    {
        statistics.CountRejected();
        if (message.Topic.Kind == TopicKind.Telemetry)
        {
            instrument.CountTelemetryRejected();
        }
        else if (message.Topic.Kind == TopicKind.Measurements)
        {
            instrument.CountMeasurementRejected();
        }

        await publisher.DiagnosticAsync(instrument.Record.Id, message.RawTopic, rejection.Code, rejection.Message).ConfigureAwait(false);
        if (measurementId is not null)
        {
            await publisher.AckAsync(instrument.Record.Id, "measurement", measurementId, new ErrorInfo(rejection.Code, rejection.Message))
                .ConfigureAwait(false);
        }

        return InboundOutcome.Rejected;
    }

    public void OnDisconnected(string clientId, bool clean)
    {
        if (!clean || registry.Find(clientId) is not { } instrument)
        {
            return;
        }

        // A clean DISCONNECT suppresses the will, so record the departure here.
        var session = instrument.Record.Session;
        _ = DepartedAsync();

        async Task DepartedAsync()
        {
            try
            {
                await registry.UpdateAsync(clientId, r =>
                {
                    if (r.Session == session)
                    {
                        r.Online = false;
                        r.LastSeenAt = time.GetUtcNow();
                    }
                }, CancellationToken.None).ConfigureAwait(false);
                await jobs.OnInstrumentChangedAsync(instrument.Record, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Recording the departure of {Instrument} failed", clientId);
            }
        }
    }
}
