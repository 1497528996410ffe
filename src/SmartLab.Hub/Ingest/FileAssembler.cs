using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Contracts.Payloads;
using SmartLab.Domain.Measurements;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Ingest;

/// <summary>
/// Reassembles file chunks, which may arrive before or after the measurement that lists the file. A file is stored, and
/// acknowledged, once every chunk is here and its size and SHA-256 match the measurement's entry.
/// </summary>
public sealed class FileAssembler(
    LiteDbStore store,
    HubPublisher publisher,
    IOptions<MqttOptions> mqttOptions,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider time,
    ILogger<FileAssembler> logger)
{
    // Chunks are kept sparse: the announced count is only a number until chunks actually arrive.
    sealed class PendingFile(int chunkCount, DateTimeOffset now)
    {
        public readonly int ChunkCount = chunkCount;
        public readonly Dictionary<int, byte[]> Chunks = [];
        public long Bytes;
        public DateTimeOffset LastChunkAt = now;
        public readonly SemaphoreSlim Completing = new(1, 1);

        public int Received => Chunks.Count;
    }

    readonly ConcurrentDictionary<(string Instrument, string FileId), PendingFile> _pending = new();
    readonly ConcurrentDictionary<string, long> _stagedPerInstrument = new(StringComparer.Ordinal);
    long _stagedBytes;
    DateTimeOffset _lastSweep;

    public long StagedBytes => Interlocked.Read(ref _stagedBytes);

    public async ValueTask<InboundOutcome> OnChunkAsync(InstrumentRuntime instrument, InboundMessage message, CancellationToken cancellationToken)
    {
        var id = instrument.Record.Id;
        var topic = message.Topic;
        var reject = (string code, string text) => Reject(id, message.RawTopic, topic.FileId!, code, text);
        if (message.Payload.Length > mqttOptions.Value.MaxChunkBytes)
        {
            return await reject("too_large", $"chunk of {message.Payload.Length} bytes exceeds the limit of {mqttOptions.Value.MaxChunkBytes} bytes").ConfigureAwait(false);
        }

        var options = ingestOptions.Value;
        if (topic.ChunkCount > options.MaxChunksPerFile)
        {
            return await reject("too_many_chunks",
                $"file `{topic.FileId}` announces {topic.ChunkCount} chunks; at most {options.MaxChunksPerFile} are accepted").ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        SweepExpired(now);
        if (StagedBytes + message.Payload.Length > options.MaxStagedFileBytes
            || _stagedPerInstrument.GetValueOrDefault(id) + message.Payload.Length > options.MaxStagedFileBytesPerInstrument)
        {
            await publisher.DiagnosticAsync(id, message.RawTopic, "staging_full",
                "the hub holds too many incomplete files of this instrument (or in all); complete or resend them later").ConfigureAwait(false);
            return InboundOutcome.Failed;
        }

        var pending = _pending.GetOrAdd((id, topic.FileId!), _ => new PendingFile(topic.ChunkCount, now));
        if (pending.ChunkCount != topic.ChunkCount)
        {
            return await reject("chunk_count_mismatch",
                $"file `{topic.FileId}` was announced with {pending.ChunkCount} chunks, this chunk says {topic.ChunkCount}").ConfigureAwait(false);
        }

        var bytes = message.Payload.ToArray();
        bool complete;
        lock (pending)
        {
            var delta = bytes.Length - (pending.Chunks.TryGetValue(topic.ChunkIndex, out var previous) ? previous.Length : 0);
            pending.Chunks[topic.ChunkIndex] = bytes;
            pending.Bytes += delta;
            pending.LastChunkAt = now;
            Interlocked.Add(ref _stagedBytes, delta);
            _stagedPerInstrument.AddOrUpdate(id, delta, (_, v) => v + delta);
            complete = pending.Received == pending.ChunkCount;
        }

        if (complete)
        {
            await TryCompleteAsync(id, topic.FileId!, null, cancellationToken).ConfigureAwait(false);
        }

        return InboundOutcome.Accepted;
    }

    /// <summary>A measurement was stored: complete any of its files whose chunks are already here.</summary>
    public async Task OnMeasurementStoredAsync(string instrumentId, MeasurementRecord measurement, CancellationToken cancellationToken)
    {
        foreach (var file in measurement.Files)
        {
            if (_pending.ContainsKey((instrumentId, file.FileId)))
            {
                await TryCompleteAsync(instrumentId, file.FileId, measurement, cancellationToken).ConfigureAwait(false);
            }
            else if (file.Stored)
            {
                // Stored earlier (a replay after a lost ack): say so again.
                await publisher.AckAsync(instrumentId, "file", file.FileId).ConfigureAwait(false);
            }
        }
    }

    async Task TryCompleteAsync(string instrumentId, string fileId, MeasurementRecord? measurement, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue((instrumentId, fileId), out var pending))
        {
            return;
        }

        await pending.Completing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (pending.Received != pending.ChunkCount || !_pending.ContainsKey((instrumentId, fileId)))
            {
                return;
            }

            measurement ??= store.FindMeasurementListingFile(instrumentId, fileId);
            var entry = measurement?.Files.FirstOrDefault(f => f.FileId == fileId);
            if (measurement is null || entry is null)
            {
                return; // The measurement that lists this file has not arrived yet.
            }

            var content = Concatenate(pending);
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            if (content.Length != entry.Size || hash != entry.Sha256)
            {
                Drop(instrumentId, fileId, pending);
                var text = content.Length != entry.Size
                    ? $"file `{fileId}` has {content.Length} bytes but the measurement says {entry.Size}"
                    : $"file `{fileId}` has SHA-256 {hash} but the measurement says {entry.Sha256}";
                logger.LogWarning("Rejected file {FileId} of {Instrument}: {Reason}", fileId, instrumentId, text);
                await publisher.AckAsync(instrumentId, "file", fileId, new ErrorInfo("checksum_mismatch", text)).ConfigureAwait(false);
                return;
            }

            await store.AddFileAsync(new StoredFile
            {
                InstrumentId = instrumentId,
                FileId = fileId,
                Name = entry.Name,
                MediaType = entry.MediaType,
                Size = entry.Size,
                Sha256 = entry.Sha256,
                StoredAt = time.GetUtcNow(),
            }, content, measurement.Id, cancellationToken).ConfigureAwait(false);
            Drop(instrumentId, fileId, pending);
            await publisher.AckAsync(instrumentId, "file", fileId).ConfigureAwait(false);
        }
        finally
        {
            pending.Completing.Release();
        }
    }

    static byte[] Concatenate(PendingFile pending)
    {
        lock (pending)
        {
            var content = new byte[pending.Bytes];
            var offset = 0;
            for (var i = 0; i < pending.ChunkCount; i++)
            {
                var chunk = pending.Chunks[i];
                chunk.CopyTo(content, offset);
                offset += chunk.Length;
            }

            return content;
        }
    }

    void Drop(string instrumentId, string fileId, PendingFile pending)
    {
        if (_pending.TryRemove((instrumentId, fileId), out _))
        {
            lock (pending)
            {
                Interlocked.Add(ref _stagedBytes, -pending.Bytes);
                _stagedPerInstrument.AddOrUpdate(instrumentId, 0, (_, v) => v - pending.Bytes);
            }
        }
    }

    /// <summary>Drops incomplete files that stopped receiving chunks; checked at most every 30 s, on the chunk path.</summary>
    void SweepExpired(DateTimeOffset now)
    {
        if (now - _lastSweep < TimeSpan.FromSeconds(30))
        {
            return;
        }

        _lastSweep = now;
        var timeout = ingestOptions.Value.StagedFileTimeout;
        foreach (var ((instrument, fileId), pending) in _pending)
        {
            if (now - pending.LastChunkAt > timeout)
            {
                Drop(instrument, fileId, pending);
                logger.LogWarning("Dropped incomplete file {FileId} of {Instrument}: no chunk for {Timeout}", fileId, instrument, timeout);
                _ = publisher.DiagnosticAsync(instrument, Contracts.Protocol.Topics.FileChunk(instrument, fileId, 0, pending.ChunkCount),
                    "file_expired", $"file `{fileId}` was incomplete ({pending.Received} of {pending.ChunkCount} chunks) for {timeout}; send it again");
            }
        }
    }

    async Task<InboundOutcome> Reject(string instrumentId, string topic, string fileId, string code, string text)
    {
        await publisher.DiagnosticAsync(instrumentId, topic, code, text).ConfigureAwait(false);
        await publisher.AckAsync(instrumentId, "file", fileId, new ErrorInfo(code, text)).ConfigureAwait(false);
        return InboundOutcome.Rejected;
    }
}
