using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using SmartLab.Agent.Internal;
using SmartLab.Agent.Measurements;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    /// <summary>Raised when the hub has stored a measurement and all its files; it has left the outbox.</summary>
    public event EventHandler<MeasurementAcknowledgement>? MeasurementStored;

    /// <summary>
    /// Raised when the hub rejected a measurement or one of its files. Rejection is final: the entry has been dropped
    /// from the outbox, and the reason is in <see cref="MeasurementAcknowledgement.Error"/> (it is also logged).
    /// </summary>
    public event EventHandler<MeasurementAcknowledgement>? MeasurementRejected;

    /// <summary>Number of measurements waiting in the outbox for the hub's acknowledgement.</summary>
    public int OutboxCount => _outbox.Count;

    /// <summary>
    /// Sends a measurement through the persistent outbox: the document and the bytes of <paramref name="files"/> are
    /// written to disk first (size and SHA-256 computed, <c>files</c> entries filled in), then the files are sent as
    /// chunks and the document after them. The entry stays in the outbox, and is sent again after every reconnect,
    /// until the hub acknowledges it as stored or rejected; use <see cref="WaitForAcknowledgedAsync"/> to wait for that.
    /// Returns once the measurement is safe on disk and a first send was attempted (it may be offline).
    /// </summary>
    /// <returns>The measurement as sent, with its <c>files</c> entries.</returns>
    /// <exception cref="ArgumentException">Invalid ids, or a document above <see cref="AgentOptions.MaxMeasurementBytes"/>.</exception>
    /// <exception cref="InvalidOperationException">The same measurement id is still waiting in the outbox.</exception>
    public async Task<MeasurementPayload> PublishMeasurementAsync(MeasurementPayload measurement, IEnumerable<OutgoingFile>? files = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        if (!ProtocolConstants.IsValidMessageId(measurement.MeasurementId))
        {
            throw new ArgumentException($"measurement id '{measurement.MeasurementId}' must match {ProtocolConstants.MessageIdPattern}", nameof(measurement));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var (entry, sent, _) = await _outbox.AddAsync(measurement, [.. files ?? []], Options.MaxMeasurementBytes, cancellationToken)
            .ConfigureAwait(false);
        Logger.LogInformation("{InstrumentId} measurement {MeasurementId} ({Method}, job {JobId}) is in the outbox with {FileCount} file(s)",
            InstrumentId, sent.MeasurementId, sent.Method, sent.JobId, sent.Files?.Count ?? 0);

        var connection = Volatile.Read(ref _connection);
        if (connection is not null)
        {
            await SendEntryAsync(connection, entry, cancellationToken).ConfigureAwait(false);
        }

        return sent;
    }

    /// <summary>
    /// Completes when the hub has stored (<see cref="MeasurementAcknowledgement.Stored"/> true) or rejected the measurement.
    /// Works for measurements still in the outbox and for the last 1024 finished ones.
    /// </summary>
    /// <exception cref="InvalidOperationException">The id is neither in the outbox nor recently finished.</exception>
    public Task<MeasurementAcknowledgement> WaitForAcknowledgedAsync(string measurementId, CancellationToken cancellationToken = default) =>
        _outbox.WaitAsync(measurementId, cancellationToken);

    void OnAck(byte[] payload, string topic)
    {
        var ack = Parse<AckPayload>(payload, topic);
        if (ack is null)
        {
            return;
        }

        var outcome = _outbox.Acknowledge(ack);
        if (outcome is null)
        {
            return;
        }

        if (outcome.Stored)
        {
            Logger.LogInformation("hub stored measurement {MeasurementId} of {InstrumentId}", outcome.MeasurementId, InstrumentId);
            Raise(MeasurementStored, outcome);
        }
        else
        {
            Logger.LogError("hub rejected {Kind} {Id} of measurement {MeasurementId} from {InstrumentId}: {Code} {Message}; dropped from the outbox",
                outcome.RejectedKind, outcome.RejectedId, outcome.MeasurementId, InstrumentId, outcome.Error?.Code, outcome.Error?.Message);
            Raise(MeasurementRejected, outcome);
        }
    }

    /// <summary>Sends every outbox entry (or those not sent for <paramref name="onlyOlderThan"/>) on this connection.</summary>
    async Task ReplayOutboxAsync(AgentConnection connection, TimeSpan? onlyOlderThan, CancellationToken cancellationToken)
    {
        var entries = _outbox.Snapshot();
        if (entries.Count == 0)
        {
            return;
        }

        var replayed = 0;
        foreach (var entry in entries)
        {
            if (!connection.IsUp)
            {
                // The next connection replays everything again.
                return;
            }

            if (onlyOlderThan is { } age && entry.LastSentTimestamp != 0 && TimeProvider.GetElapsedTime(entry.LastSentTimestamp) < age)
            {
                continue;
            }

            await SendEntryAsync(connection, entry, cancellationToken).ConfigureAwait(false);
            replayed++;
        }

        if (replayed > 0)
        {
            Logger.LogInformation("{InstrumentId} re-sent {Count} unacknowledged measurement(s) from its outbox", InstrumentId, replayed);
        }
    }

    /// <summary>Sends the parts of an entry the hub has not acknowledged: file chunks first, then the document.</summary>
    async Task SendEntryAsync(AgentConnection connection, OutboxEntry entry, CancellationToken cancellationToken)
    {
        entry.LastSentTimestamp = TimeProvider.GetTimestamp();
        var (measurementPending, files) = _outbox.PendingParts(entry);
        try
        {
            foreach (var fileId in files)
            {
                if (!await SendFileAsync(connection, entry, fileId, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            if (measurementPending && !entry.Removed)
            {
                var json = await File.ReadAllBytesAsync(Path.Combine(entry.Directory, Outbox.MeasurementFileName), cancellationToken).ConfigureAwait(false);
                await PublishOutboxPartAsync(connection, Topics.Measurements(InstrumentId), json, json: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException) when (entry.Removed || !_outbox.PendingParts(entry).Measurement)
        {
            // Acknowledged while we were reading it: nothing left to send.
        }
    }

    async Task<bool> SendFileAsync(AgentConnection connection, OutboxEntry entry, string fileId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(entry.Directory, fileId + Outbox.FileSuffix);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        }
        catch (IOException)
        {
            // Stored and deleted meanwhile.
            return true;
        }

        await using (stream.ConfigureAwait(false))
        {
            var chunkSize = Options.FileChunkBytes;
            var count = (int)Math.Max(1, (stream.Length + chunkSize - 1) / chunkSize);
            for (var index = 0; index < count; index++)
            {
                var remaining = stream.Length - ((long)index * chunkSize);
                var chunk = new byte[(int)Math.Min(chunkSize, Math.Max(0, remaining))];
                await stream.ReadExactlyAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (entry.Removed)
                {
                    return false;
                }

                var ok = await PublishOutboxPartAsync(connection, Topics.FileChunk(InstrumentId, fileId, index, count), chunk, json: false,
                    cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Publishes one outbox part; false when the connection is gone (the replay after the reconnect sends it).</summary>
    async Task<bool> PublishOutboxPartAsync(AgentConnection connection, string topic, byte[] payload, bool json, CancellationToken cancellationToken)
    {
        var result = await PublishCoreAsync(connection, topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain: false,
            cancellationToken, json: json).ConfigureAwait(false);
        if (result is null)
        {
            return false;
        }

        // A refusal in the PUBACK is logged by PublishCoreAsync; the entry stays until the hub's ack says stored or rejected.
        return true;
    }
}
