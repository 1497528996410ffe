using System.Threading.Channels;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Storage.LiteDb.Internal;

namespace SmartLab.Storage.LiteDb;

/// <summary>
/// The hub's embedded store: one LiteDB file in Direct mode, one writer thread that commits queued writes in
/// batches (group commit), and readers that run concurrently on committed data. A write's task completes only after
/// the transaction holding it is on disk, so "acknowledged" always means "stored".
/// </summary>
public sealed partial class LiteDbStore : IDisposable
{
    readonly StoreOptions _options;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    readonly DataDirectoryLock _lock;
    readonly Channel<IWriteOp> _queue;
    readonly Thread _writer;
    readonly ITimer _checkpointTimer;
    readonly BsonMapper _mapper = CreateMapper();
    volatile LiteDatabase _db;
    long _commits;
    long _committedWrites;
    int _disposed;

    public LiteDbStore(StoreOptions options, TimeProvider? time = null, ILogger<LiteDbStore>? logger = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _lock = DataDirectoryLock.Acquire(options.DataDirectory);
        try
        {
            _db = Open();
            InitializeSchema(_db);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        _queue = Channel.CreateBounded<IWriteOp>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = new Thread(WriterLoop) { Name = "smartlab-store-writer", IsBackground = true };
        _writer.Start();
        _checkpointTimer = _time.CreateTimer(_ => RequestCheckpoint(), null, options.CheckpointInterval, options.CheckpointInterval);
    }

    /// <summary>Transactions committed so far, and writes they held (group commit makes the second larger).</summary>
    public (long Commits, long Writes) CommitStatistics => (Interlocked.Read(ref _commits), Interlocked.Read(ref _committedWrites));

    /// <summary>Queues <paramref name="work"/> for the writer; the task completes after its batch is committed.</summary>
    public async Task<T> WriteAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var op = new WriteOp<T>(work);
        await _queue.Writer.WriteAsync(op, cancellationToken).ConfigureAwait(false);
        return await op.Task.ConfigureAwait(false);
    }

    /// <summary>Runs a read on committed data.</summary>
    public T Read<T>(Func<LiteDatabase, T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            return query(_db);
        }
        catch (ObjectDisposedException)
        {
            // The writer replaced the database after an I/O error; read again from the new instance.
            return query(_db);
        }
    }

    /// <summary>Folds the log into the data file now (also runs on a schedule).</summary>
    public Task CheckpointAsync() => WriteAsync(db =>
    {
        db.Checkpoint();
        return true;
    });

    void RequestCheckpoint()
    {
        if (_disposed != 0)
        {
            return;
        }

        _ = CheckpointAsync().ContinueWith(
            t => _logger.LogWarning(t.Exception, "Scheduled checkpoint failed"), TaskContinuationOptions.OnlyOnFaulted);
    }

    LiteDatabase Open()
    {
        var connection = new ConnectionString
        {
            Filename = _options.DatabasePath,
            Connection = ConnectionType.Direct,
        };
        return new LiteDatabase(connection, _mapper);
    }

    void WriterLoop()
    {
        var batch = new List<IWriteOp>(_options.MaxBatch);
        var reader = _queue.Reader;
        while (true)
        {
            // A dedicated thread: blocking here is intended, LiteDB transactions belong to the thread that opened them.
            if (!reader.TryRead(out var first))
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return;
                }

                continue;
            }

            batch.Add(first);
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    void Commit(List<IWriteOp> batch)
    {
        var db = _db;
        try
        {
            db.BeginTrans();
            foreach (var op in batch)
            {
                op.Run(db);
            }

            db.Commit();
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _committedWrites, batch.Count);
            foreach (var op in batch)
            {
                op.Complete();
            }
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            _logger.LogError(ex, "Store I/O failure; failing {Count} writes and reopening the database", batch.Count);
            SafeRollback(db);
            foreach (var op in batch)
            {
                op.Fail(ex);
            }

            Reopen();
        }
        catch (Exception ex)
        {
            SafeRollback(db);
            if (batch.Count == 1)
            {
                batch[0].Fail(ex);
                return;
            }

            // One bad write must not sink its neighbours: retry each on its own.
            foreach (var op in batch)
            {
                Commit([op]);
            }
        }
    }

    static bool IsStorageFailure(Exception ex) => ex is IOException or UnauthorizedAccessException
        || ex.InnerException is IOException;

    static void SafeRollback(LiteDatabase db)
    {
        try
        {
            db.Rollback();
        }
        catch (Exception)
        {
            // The database is being replaced anyway.
        }
    }

    void Reopen()
    {
        var old = _db;
        try
        {
            old.Dispose();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Disposing the failed database instance threw");
        }

        try
        {
            _db = Open();
            _logger.LogInformation("Database reopened after an I/O failure");
        }
        catch (Exception ex)
        {
            // Keep the old (disposed) reference; the next batch fails and tries again.
            _logger.LogError(ex, "Reopening the database failed");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _checkpointTimer.Dispose();
        _queue.Writer.TryComplete();
        _writer.Join();
        try
        {
            _db.Checkpoint();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Final checkpoint failed");
        }

        _db.Dispose();
        _lock.Dispose();
    }
}
