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
    volatile LiteDatabase? _db;
    FileStream? _logSync;
    DateTimeOffset _lastReopenAttempt;
    long _logSyncs;
    long _commits;
    long _committedWrites;
    int _disposed;
    volatile int _writerThreadId;

    public LiteDbStore(StoreOptions options, TimeProvider? time = null, ILogger<LiteDbStore>? logger = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _lock = DataDirectoryLock.Acquire(options.DataDirectory);
        try
        {
            var db = Open();
            _db = db;
            InitializeSchema(db);
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

    /// <summary>
    /// CPU time the writer thread has used so far: how close the store is to needing a whole core for itself. Null where
    /// the operating system thread cannot be identified (outside Linux, or where <c>/proc</c> cannot be read), before the
    /// writer has started and after the store is disposed.
    /// </summary>
    public TimeSpan? WriterCpuTime
    {
        get
        {
            var id = _writerThreadId;
            if (id == 0)
            {
                return null;
            }

            try
            {
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                foreach (System.Diagnostics.ProcessThread thread in process.Threads)
                {
                    if (thread.Id == id)
                    {
                        return thread.TotalProcessorTime;
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException or IOException
                or UnauthorizedAccessException)
            {
                // The thread list could not be read; report nothing rather than a wrong figure.
            }

            return null;
        }
    }

    /// <summary>Times the log was forced to the device (one per committed batch).</summary>
    public long LogSyncs => Interlocked.Read(ref _logSyncs);

    /// <summary>False after an I/O failure until the database has been reopened; writes fail fast meanwhile.</summary>
    public bool IsHealthy => _db is not null;

    /// <summary>Queues <paramref name="work"/> for the writer; the task completes after its batch is committed and flushed to disk.</summary>
    public async Task<T> WriteAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var op = new WriteOp<T>(work);
        await _queue.Writer.WriteAsync(op, cancellationToken).ConfigureAwait(false);
        return await op.Task.ConfigureAwait(false);
    }

    /// <summary>Runs a read on committed data.</summary>
    /// <exception cref="StoreUnavailableException">The database is being reopened after an I/O failure.</exception>
    public T Read<T>(Func<LiteDatabase, T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var db = _db ?? throw new StoreUnavailableException("the database is being reopened after an I/O failure");
        try
        {
            return query(db);
        }
        catch (Exception ex) when (IsDisposedEngine(ex))
        {
            // The writer replaced the database after an I/O error; read again from the new instance.
            return query(_db ?? throw new StoreUnavailableException("the database is being reopened after an I/O failure", ex));
        }
    }

    /// <summary>Folds the log into the data file now (also runs on a schedule). Runs between batches, outside any transaction.</summary>
    public Task CheckpointAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var op = new WriteOp<bool>(db =>
        {
            db.Checkpoint();
            return true;
        }, runsAlone: true);
        return _queue.Writer.WriteAsync(op).AsTask().ContinueWith(_ => op.Task, TaskScheduler.Default).Unwrap();
    }

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

            // Ordinal string order for a new file: ids and keys are compared byte by byte, as the search keys' ranges
            // assume, without culture rules on every index step. An existing file keeps the collation it was made with
            // (LiteDB refuses to open a file whose collation differs from the one asked for).
            Collation = File.Exists(_options.DatabasePath) && new FileInfo(_options.DatabasePath).Length > 0 ? null : Collation.Binary,
        };
        return new LiteDatabase(connection, _mapper);
    }

    /// <summary>The operating system's id of the calling thread, from <c>/proc/thread-self</c> (Linux); 0 elsewhere.</summary>
    static int CurrentOsThreadId()
    {
        try
        {
            // The link reads "<pid>/task/<tid>".
            return new FileInfo("/proc/thread-self").LinkTarget is { } target
                && int.TryParse(Path.GetFileName(target), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id
                : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return 0;
        }
    }

    void WriterLoop()
    {
        _writerThreadId = CurrentOsThreadId();
        try
        {
            WriteBatches();
        }
        finally
        {
            // The id may be given to another thread once this one ends.
            _writerThreadId = 0;
        }
    }

    void WriteBatches()
    {
        var batch = new List<IWriteOp>(_options.MaxBatch);
        var reader = _queue.Reader;
        while (true)
        {
            // A dedicated thread: blocking here is intended, LiteDB transactions belong to the thread that opened them.
            if (!reader.TryRead(out var next))
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return;
                }

                continue;
            }

            IWriteOp? alone = null;
            while (true)
            {
                if (next.RunsAlone)
                {
                    alone = next;
                    break;
                }

                batch.Add(next);
                if (batch.Count >= _options.MaxBatch || !reader.TryRead(out next!))
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                Commit(batch);
                batch.Clear();

                // Let the callers just completed run before the next batch is taken: where they share a core with this
                // thread, their next writes join that batch instead of each waiting a commit and an fsync of its own.
                // Where another core is free this returns at once.
                Thread.Yield();
            }

            if (alone is not null)
            {
                RunAlone(alone);
            }
        }
    }

    void Commit(List<IWriteOp> batch)
    {
        var db = _db ?? TryReopen();
        if (db is null)
        {
            var unavailable = new StoreUnavailableException("the database could not be reopened after an I/O failure; retrying");
            foreach (var op in batch)
            {
                op.Fail(unavailable);
            }

            return;
        }

        _unitsInTransaction.Clear();
        try
        {
            db.BeginTrans();
            foreach (var op in batch)
            {
                op.Run(db);
            }

            db.Commit();

            // Committed: the units first seen in this batch are saved, whatever happens to the fsync below.
            _unitsInTransaction.Clear();
            SyncLog();
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
            ForgetUncommittedUnits();

            // Closed before the callers hear of the failure, so none of them can still read from the failed instance.
            Close();
            foreach (var op in batch)
            {
                op.Fail(ex);
            }
        }
        catch (Exception ex)
        {
            SafeRollback(db);
            ForgetUncommittedUnits();
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

    void RunAlone(IWriteOp op)
    {
        var db = _db ?? TryReopen();
        if (db is null)
        {
            op.Fail(new StoreUnavailableException("the database could not be reopened after an I/O failure; retrying"));
            return;
        }

        try
        {
            op.Run(db);
            op.Complete();
        }
        catch (Exception ex)
        {
            op.Fail(ex);
            if (IsStorageFailure(ex))
            {
                Close();
            }
        }
    }

    /// <summary>
    /// LiteDB 5 writes the log on commit without forcing it to the device; an fsync per batch is what makes an
    /// acknowledgement survive a power cut (and what group commit amortises).
    /// </summary>
    void SyncLog()
    {
        if (_logSync is null)
        {
            var path = Path.ChangeExtension(_options.DatabasePath, null) + "-log" + Path.GetExtension(_options.DatabasePath);
            _logSync = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        }

        _logSync.Flush(flushToDisk: true);
        Interlocked.Increment(ref _logSyncs);
    }

    static bool IsStorageFailure(Exception ex) => ex is IOException or UnauthorizedAccessException
        || ex.InnerException is IOException || IsDisposedEngine(ex);

    static bool IsDisposedEngine(Exception ex) => ex is ObjectDisposedException
        || (ex is LiteException && ex.Message.Contains("disposed", StringComparison.OrdinalIgnoreCase));

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

    /// <summary>Drops the failed instance; the next write reopens (at most once a second while the cause lasts).</summary>
    void Close()
    {
        var old = _db;
        _db = null;
        _logSync?.Dispose();
        _logSync = null;
        try
        {
            old?.Dispose();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Disposing the failed database instance threw");
        }
    }

    LiteDatabase? TryReopen()
    {
        var now = _time.GetUtcNow();
        if (now - _lastReopenAttempt < TimeSpan.FromSeconds(1))
        {
            return null;
        }

        _lastReopenAttempt = now;
        try
        {
            var db = Open();
            _db = db;
            _logger.LogInformation("Database reopened after an I/O failure");
            return db;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Reopening the database failed; writes fail until it succeeds");
            return null;
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
        _logSync?.Dispose();
        if (_db is { } db)
        {
            try
            {
                db.Checkpoint();
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Final checkpoint failed");
            }

            db.Dispose();
        }

        _lock.Dispose();
    }
}
