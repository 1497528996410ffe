using System.Globalization;
using System.Runtime.CompilerServices;
using LiteDB;
using SmartLab.Domain.Feed;
using SmartLab.Domain.Jobs;
using SmartLab.Storage.LiteDb.Internal;

namespace SmartLab.Storage.LiteDb;

/// <summary>
/// The transactional outbox of the data platform feed. Entries are added by the write that makes a record final
/// (<see cref="AddOutboxEntry(LiteDatabase, string, string, DateTimeOffset)"/> runs inside that write's transaction); the feed publisher reads due entries and
/// records each sink's outcome with <see cref="UpdateOutboxEntryAsync"/>, which re-reads the entry on the writer so an
/// admin's retry and the publisher's outcome never overwrite each other.
/// </summary>
public sealed partial class LiteDbStore
{
    internal const string OutboxCollection = "outbox";

    /// <summary>Raised after a commit that may have added outbox entries (the feed publisher wakes on it).</summary>
    public event Action? OutboxChanged;

    static void MapOutbox(BsonMapper mapper)
    {
        mapper.Entity<OutboxEntry>().Id(e => e.Id, autoId: false);
        mapper.ToDocument(new OutboxEntry { Sinks = [new SinkDelivery()] });
    }

    /// <summary>
    /// The last outbox sequence number handed out per open database, read from the Seq index on first use (again after a
    /// reopen). Only the writer thread adds entries; a rolled-back entry leaves a gap, which the order does not mind.
    /// </summary>
    static readonly ConditionalWeakTable<LiteDatabase, StrongBox<long>> LastOutboxSeq = new();

    static void InitializeOutbox(LiteDatabase db)
    {
        var outbox = db.GetCollection<OutboxEntry>(OutboxCollection);
        // No index on Status: an entry is open (pending or failing) exactly when it has a DueAt, so the DueAt index finds
        // the open ones and delivered ones are the rest; one index entry fewer for every record the hub stores.
        outbox.EnsureIndex(e => e.Seq, unique: true);
        outbox.EnsureIndex(e => e.DueAt);
    }

    /// <summary>
    /// Adds the outbox entry of a record that has just become final, inside the caller's transaction. A record that
    /// already has one keeps it (a replayed write adds nothing).
    /// </summary>
    public static void AddOutboxEntry(LiteDatabase db, string recordId, string kind, DateTimeOffset at) =>
        AddOutboxEntry(db, recordId, kind, at, mayExist: true);

    // mayExist false: the caller knows no entry can hold this id, so the look-up is skipped (a query costs the writer as
    // much as a small insert). prepared: the entry already mapped by OutboxDocument on the caller's thread.
    static void AddOutboxEntry(LiteDatabase db, string recordId, string kind, DateTimeOffset at, bool mayExist,
        BsonDocument? prepared = null)
    {
        if (mayExist && IdLookup.Exists(db, OutboxCollection, recordId))
        {
            return;
        }

        // A counter rather than a query for the highest Seq on every entry: that query (a LINQ ordering LiteDB parses
        // anew each time, then an index read) cost as much as the entry's insert.
        var last = LastOutboxSeq.GetValue(db, _ => new StrongBox<long>(
            db.GetCollection<OutboxEntry>(OutboxCollection).Query().OrderByDescending(e => e.Seq).Limit(1).ToList() is [var e] ? e.Seq : 0));
        var document = prepared ?? db.Mapper.ToDocument(NewOutboxEntry(recordId, kind, at));
        document["Seq"] = ++last.Value;
        db.GetCollection(OutboxCollection).Insert(document);
    }

    static OutboxEntry NewOutboxEntry(string recordId, string kind, DateTimeOffset at) => new()
    {
        Id = recordId,
        Kind = kind,
        CreatedAt = at,
        Status = OutboxStatus.Pending,
        DueAt = at,
    };

    /// <summary>A new entry mapped ahead of the write (the writer sets its sequence number), so the writer thread only inserts.</summary>
    BsonDocument OutboxDocument(string recordId, string kind, DateTimeOffset at) => _mapper.ToDocument(NewOutboxEntry(recordId, kind, at));

    /// <summary>Adds the entry of a job that has just been delivered (inside the delivery's transaction).</summary>
    static void AddJobOutboxEntry(LiteDatabase db, string jobId)
    {
        var job = db.GetCollection<JobRecord>(JobsCollection).FindById(jobId);
        var at = job?.History.LastOrDefault(h => h.To == JobStates.Delivered)?.At ?? job?.UpdatedAt ?? DateTimeOffset.UnixEpoch;
        AddOutboxEntry(db, jobId, OutboxKinds.Job, at);
    }

    /// <summary>
    /// A measurement outside any job is final once its document and every file it lists are stored.
    /// <paramref name="justInserted"/>: the measurement was inserted by this transaction, so no entry holds its id unless it
    /// is also a job's id (entries are made only for stored records, and the insert proved the measurement id new).
    /// </summary>
    static void AddOutboxEntryIfFinal(LiteDatabase db, Domain.Measurements.MeasurementRecord record, DateTimeOffset at, bool justInserted = false,
        BsonDocument? prepared = null)
    {
        if (record.JobId is null && record.Files.All(f => f.Stored))
        {
            AddOutboxEntry(db, record.Id, OutboxKinds.Measurement, at, mayExist: !justInserted || LooksLikeJobId(record.Id), prepared);
        }
    }

    /// <summary>
    /// Job ids are <c>J-</c> and digits (see <see cref="CreateJobsAsync"/>); compared ignoring case, as a file made with
    /// LiteDB's default collation compares ids.
    /// </summary>
    static bool LooksLikeJobId(string id) =>
        id.Length > 2 && id.StartsWith("J-", StringComparison.OrdinalIgnoreCase) && id.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0;

    public OutboxEntry? GetOutboxEntry(string id) => Read(db => db.GetCollection<OutboxEntry>(OutboxCollection).FindById(id));

    /// <summary>Entries some sink may need now, earliest due first.</summary>
    public IReadOnlyList<OutboxEntry> DueOutboxEntries(DateTimeOffset now, int limit) => Read(db =>
        (IReadOnlyList<OutboxEntry>)DueBetween(db, DateTimeOffset.MinValue, now).Limit(limit).ToList());

    /// <summary>The earliest time any entry is due, or null when every entry is delivered.</summary>
    public DateTimeOffset? NextOutboxDue() => Read(db =>
        DueBetween(db, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Limit(1).ToList() is [var first] ? first.DueAt : null);

    // BETWEEN on the index: delivered entries (DueAt null) sort before every date and are never read.
    ILiteQueryable<OutboxEntry> DueBetween(LiteDatabase db, DateTimeOffset from, DateTimeOffset to) =>
        db.GetCollection<OutboxEntry>(OutboxCollection).Query()
            .Where(BsonExpression.Create("DueAt BETWEEN @0 AND @1", _mapper.Serialize(from), _mapper.Serialize(to)))
            .OrderBy(e => e.DueAt);

    /// <summary>Entries not delivered to every sink (pending or failing).</summary>
    public IReadOnlyList<OutboxEntry> OpenOutboxEntries() => Read(db => (IReadOnlyList<OutboxEntry>)OpenEntries(db).ToList());

    ILiteQueryable<OutboxEntry> OpenEntries(LiteDatabase db) => DueBetween(db, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public long CountOutboxEntries(string? status = null) => Read(db =>
    {
        var outbox = db.GetCollection<OutboxEntry>(OutboxCollection);
        return status switch
        {
            null => outbox.LongCount(),
            OutboxStatus.Delivered => outbox.LongCount() - OpenEntries(db).LongCount(),
            _ => OpenEntries(db).ToEnumerable().LongCount(e => e.Status == status),
        };
    });

    /// <summary>A page of entries, newest first, optionally of one status; <c>NextCursor</c> is null on the last page.</summary>
    public (IReadOnlyList<OutboxEntry> Items, string? NextCursor) QueryOutbox(string? status, int limit, string? cursor) => Read(db =>
    {
        long? before = cursor is not null && long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        limit = Math.Clamp(limit, 1, 1000);
        List<OutboxEntry> page;
        if (status is OutboxStatus.Pending or OutboxStatus.Failing)
        {
            // Open entries are few (those waiting for a sink); read them all from the DueAt index and order them here.
            page = [.. OpenEntries(db).ToEnumerable().Where(e => e.Status == status && (before is null || e.Seq < before))
                .OrderByDescending(e => e.Seq).Take(limit + 1)];
        }
        else
        {
            var q = db.GetCollection<OutboxEntry>(OutboxCollection).Query();
            if (before is { } b)
            {
                q = q.Where(e => e.Seq < b);
            }

            var newestFirst = q.OrderByDescending(e => e.Seq).ToEnumerable();
            page = [.. (status is null ? newestFirst : newestFirst.Where(e => e.Status == status)).Take(limit + 1)];
        }

        var next = page.Count > limit ? page[limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return ((IReadOnlyList<OutboxEntry>)page.Take(limit).ToList(), next);
    });

    /// <summary>
    /// Changes one entry on the writer, from its committed state: <paramref name="change"/> returns false to leave it as
    /// it is. <paramref name="alsoDo"/> (an audit entry) commits in the same transaction. Returns the entry as stored
    /// afterwards, or null when there is no such entry.
    /// </summary>
    public Task<OutboxEntry?> UpdateOutboxEntryAsync(string id, Func<OutboxEntry, bool> change, Action<LiteDatabase>? alsoDo = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            var outbox = db.GetCollection<OutboxEntry>(OutboxCollection);
            if (outbox.FindById(id) is not { } entry)
            {
                return null;
            }

            if (change(entry))
            {
                outbox.Update(entry);
                alsoDo?.Invoke(db);
            }

            return entry;
        }, cancellationToken);

    /// <summary>Changes every entry of a status (an admin's "retry all failing"), with <paramref name="alsoDo"/> in the same transaction.</summary>
    public Task<IReadOnlyList<string>> UpdateOutboxEntriesAsync(string status, Func<OutboxEntry, bool> change,
        Action<LiteDatabase, IReadOnlyList<string>>? alsoDo = null, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            var outbox = db.GetCollection<OutboxEntry>(OutboxCollection);
            var changed = new List<string>();
            var entries = status == OutboxStatus.Delivered
                ? outbox.Find(BsonExpression.Create("DueAt = null")).ToList()
                : OpenEntries(db).ToEnumerable().Where(e => e.Status == status).ToList();
            foreach (var entry in entries)
            {
                if (change(entry))
                {
                    outbox.Update(entry);
                    changed.Add(entry.Id);
                }
            }

            alsoDo?.Invoke(db, changed);
            return (IReadOnlyList<string>)changed;
        }, cancellationToken);

    /// <summary>Tells the feed publisher to look for new entries.</summary>
    void SignalOutbox() => OutboxChanged?.Invoke();
}
