using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SmartLab.Agent.Measurements;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Internal;

/// <summary>
/// Store and forward for measurements: each entry is a directory <c>{measurementId}/</c> holding <c>measurement.json</c>
/// and one <c>{fileId}.bin</c> per file. A part's file is deleted when the hub says it is stored, the directory when
/// nothing is left; so after a crash whatever is still on disk is exactly what must be sent again.
/// </summary>
sealed class Outbox
{
    public const string MeasurementFileName = "measurement.json";
    public const string FileSuffix = ".bin";
    const string TempPrefix = ".tmp-";
    const int FinishedMemory = 1024;

    readonly string _root;
    readonly ILogger _logger;
    readonly Lock _gate = new();
    readonly Dictionary<string, OutboxEntry> _entries = new(StringComparer.Ordinal);
    readonly Dictionary<string, OutboxEntry> _byFileId = new(StringComparer.Ordinal);
    readonly Dictionary<string, TaskCompletionSource<MeasurementAcknowledgement>> _waiters = new(StringComparer.Ordinal);
    readonly LruCache<string, MeasurementAcknowledgement> _finished = new(FinishedMemory);

    public Outbox(string root, ILogger logger)
    {
        _root = root;
        _logger = logger;
        Directory.CreateDirectory(root);
        Load();
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public IReadOnlyList<OutboxEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Values];
        }
    }

    /// <summary>What is still to send for <paramref name="entry"/>, read consistently.</summary>
    public (bool Measurement, IReadOnlyList<string> Files) PendingParts(OutboxEntry entry)
    {
        lock (_gate)
        {
            return entry.Removed ? (false, []) : (entry.MeasurementPending, [.. entry.PendingFiles]);
        }
    }

    /// <summary>Copies the files and the measurement document to disk (flushed), then registers the entry.</summary>
    public async Task<(OutboxEntry Entry, MeasurementPayload Measurement, byte[] Json)> AddAsync(
        MeasurementPayload measurement, IReadOnlyList<OutgoingFile> files, int maxJsonBytes, CancellationToken cancellationToken)
    {
        var id = measurement.MeasurementId;
        var temp = Path.Combine(_root, TempPrefix + id + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            var entries = new List<FileEntry>(measurement.Files ?? []);
            foreach (var file in files)
            {
                if (entries.Any(e => e.FileId == file.FileId))
                {
                    throw new ArgumentException($"file id {file.FileId} appears twice in measurement {id}");
                }

                entries.Add(await CopyAsync(file, Path.Combine(temp, file.FileId + FileSuffix), cancellationToken).ConfigureAwait(false));
            }

            var final = measurement with { Files = entries.Count > 0 ? entries : null };
            var json = ProtocolJson.Serialize(final);
            if (json.Length > maxJsonBytes)
            {
                throw new ArgumentException(
                    $"measurement {id} is {json.Length} bytes of JSON, above the limit of {maxJsonBytes}; send large data as a file instead");
            }

            await WriteDurablyAsync(Path.Combine(temp, MeasurementFileName), json, cancellationToken).ConfigureAwait(false);

            lock (_gate)
            {
                if (_entries.ContainsKey(id))
                {
                    throw new InvalidOperationException($"measurement {id} is already in the outbox, waiting for the hub's acknowledgement");
                }

                var target = Path.Combine(_root, id);
                if (Directory.Exists(target))
                {
                    // Left over from an entry that was finished but not fully deleted.
                    Directory.Delete(target, recursive: true);
                }

                Directory.Move(temp, target);
                var entry = new OutboxEntry(id, target, measurementPending: true, files.Select(f => f.FileId));
                Register(entry);
                _finished.Remove(id);
                return (entry, final, json);
            }
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }
    }

    /// <summary>Applies a hub acknowledgement; returns the final outcome when it completed or rejected a measurement.</summary>
    public MeasurementAcknowledgement? Acknowledge(AckPayload ack)
    {
        lock (_gate)
        {
            var isFile = ack.Kind == "file";
            if (!isFile && ack.Kind != "measurement")
            {
                _logger.LogWarning("ignoring an acknowledgement of unknown kind '{Kind}' for {Id}", ack.Kind, ack.Id);
                return null;
            }

            var index = isFile ? _byFileId : _entries;
            if (!index.TryGetValue(ack.Id, out var entry))
            {
                // Acks repeat after a replay; the first one already did the work.
                return null;
            }

            MeasurementAcknowledgement outcome;
            if (ack.Status == "stored")
            {
                if (isFile)
                {
                    entry.PendingFiles.Remove(ack.Id);
                    _byFileId.Remove(ack.Id);
                    TryDeleteFile(Path.Combine(entry.Directory, ack.Id + FileSuffix));
                }
                else
                {
                    entry.MeasurementPending = false;
                    TryDeleteFile(Path.Combine(entry.Directory, MeasurementFileName));
                }

                if (!entry.IsComplete)
                {
                    return null;
                }

                outcome = new MeasurementAcknowledgement(entry.MeasurementId, Stored: true);
            }
            else if (ack.Status == "rejected")
            {
                outcome = new MeasurementAcknowledgement(entry.MeasurementId, Stored: false, ack.Kind, ack.Id,
                    ack.Error ?? new ErrorInfo("REJECTED", "the hub rejected it without a reason"));
            }
            else
            {
                _logger.LogWarning("ignoring an acknowledgement with unknown status '{Status}' for {Kind} {Id}", ack.Status, ack.Kind, ack.Id);
                return null;
            }

            Remove(entry);
            _finished.Set(entry.MeasurementId, outcome);
            if (_waiters.Remove(entry.MeasurementId, out var waiter))
            {
                waiter.TrySetResult(outcome);
            }

            return outcome;
        }
    }

    /// <summary>Completes when the hub stored or rejected the measurement.</summary>
    public Task<MeasurementAcknowledgement> WaitAsync(string measurementId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_finished.TryGet(measurementId, out var outcome))
            {
                return Task.FromResult(outcome);
            }

            if (!_entries.ContainsKey(measurementId))
            {
                throw new InvalidOperationException($"measurement {measurementId} is not in the outbox and was not acknowledged recently");
            }

            if (!_waiters.TryGetValue(measurementId, out var waiter))
            {
                waiter = new TaskCompletionSource<MeasurementAcknowledgement>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[measurementId] = waiter;
            }

            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    void Load()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith(TempPrefix, StringComparison.Ordinal))
            {
                // An add that crashed before it completed: the caller never got a success, so nothing is lost.
                TryDeleteDirectory(directory);
                continue;
            }

            var measurementPending = File.Exists(Path.Combine(directory, MeasurementFileName));
            var files = Directory.EnumerateFiles(directory, "*" + FileSuffix).Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
            var entry = new OutboxEntry(name, directory, measurementPending, files);
            if (entry.IsComplete)
            {
                TryDeleteDirectory(directory);
                continue;
            }

            Register(entry);
        }

        if (_entries.Count > 0)
        {
            _logger.LogInformation("outbox holds {Count} unacknowledged measurement(s); they are sent again after connecting", _entries.Count);
        }
    }

    void Register(OutboxEntry entry)
    {
        _entries[entry.MeasurementId] = entry;
        foreach (var fileId in entry.PendingFiles)
        {
            _byFileId[fileId] = entry;
        }
    }

    void Remove(OutboxEntry entry)
    {
        entry.Removed = true;
        _entries.Remove(entry.MeasurementId);
        foreach (var fileId in entry.PendingFiles)
        {
            _byFileId.Remove(fileId);
        }

        TryDeleteDirectory(entry.Directory);
    }

    static async Task<FileEntry> CopyAsync(OutgoingFile file, string path, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var source = file.Open())
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                size += read;
            }

            target.Flush(flushToDisk: true);
        }

        return new FileEntry
        {
            FileId = file.FileId,
            Name = file.Name,
            MediaType = file.MediaType,
            Size = size,
            Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()),
        };
    }

    static async Task WriteDurablyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }

    void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "could not delete {Path} from the outbox", path);
        }
    }

    void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "could not delete {Path} from the outbox", path);
        }
    }
}
