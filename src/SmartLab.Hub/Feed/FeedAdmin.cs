using LiteDB;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Feed;
using SmartLab.Hub.Jobs;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Feed;

/// <summary>The outbox as staff see it, and their retries (each audited in the same transaction as the retry).</summary>
public sealed class FeedAdmin(LiteDbStore store, FeedSinks sinks, FeedPublisher publisher, TimeProvider time)
{
    public const string NoSinksNote = "no feed sinks are configured (SmartLab:Feed:Sinks): records are kept in the outbox and sent once a sink is added";

    public FeedOverview Overview(string? status, int limit, string? cursor)
    {
        var (items, next) = store.QueryOutbox(status, limit, cursor);
        var pending = store.CountOutboxEntries(OutboxStatus.Pending);
        var failing = store.CountOutboxEntries(OutboxStatus.Failing);
        var delivered = store.CountOutboxEntries(OutboxStatus.Delivered);
        return new FeedOverview
        {
            Items = items.Select(ToView).ToList(),
            NextCursor = next,
            Pending = pending,
            Failing = failing,
            Delivered = delivered,
            Sinks = sinks.Names.Count == 0 ? [] : SinkSummaries(pending + failing + delivered),
            Note = sinks.Names.Count == 0 ? NoSinksNote : null,
        };
    }

    /// <summary>Per sink: open entries are counted one by one (there are few), every other entry is delivered to it.</summary>
    List<FeedSinkSummary> SinkSummaries(long total)
    {
        var open = store.OpenOutboxEntries();
        return sinks.Names.Select(name =>
        {
            var states = open.Select(e => e.Sinks.FirstOrDefault(s => s.Sink == name)).ToList();
            var failing = states.LongCount(s => s is { Status: OutboxStatus.Failing });
            var pending = states.LongCount(s => s is null || s.Status == OutboxStatus.Pending);
            var last = states.Where(s => s?.LastError is not null).MaxBy(s => s!.LastAttemptAt);
            return new FeedSinkSummary(name, sinks.Types[name], pending, failing, total - pending - failing, last?.LastError, last?.LastAttemptAt);
        }).ToList();
    }

    public FeedEntryView? Find(string id) => store.GetOutboxEntry(id) is { } entry ? ToView(entry) : null;

    /// <summary>
    /// Schedules the record for every configured sink that does not have it, now. Null when there is no such record;
    /// an empty list when every sink already has it.
    /// </summary>
    public async Task<IReadOnlyList<string>?> RetryAsync(string id, Caller staff, CancellationToken cancellationToken)
    {
        if (store.GetOutboxEntry(id) is null)
        {
            return null;
        }

        var audit = Audit(staff, id, null);
        var changed = false;
        var entry = await store.UpdateOutboxEntryAsync(id, e => changed = Reschedule(e), audit, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        publisher.Wake(resume: true);
        return changed ? [id] : [];
    }

    /// <summary>Schedules every failing record now.</summary>
    public async Task<IReadOnlyList<string>> RetryFailingAsync(Caller staff, CancellationToken cancellationToken)
    {
        var ids = await store.UpdateOutboxEntriesAsync(OutboxStatus.Failing, Reschedule,
            (db, changed) => Audit(staff, $"status={OutboxStatus.Failing}", $"{changed.Count} records: {string.Join(", ", changed.Take(50))}{(changed.Count > 50 ? ", …" : "")}")(db),
            cancellationToken).ConfigureAwait(false);
        publisher.Wake(resume: true);
        return ids;
    }

    bool Reschedule(OutboxEntry entry)
    {
        var changed = false;
        foreach (var name in sinks.Names)
        {
            var delivery = entry.For(name);
            if (delivery.Status != OutboxStatus.Delivered)
            {
                delivery.Status = OutboxStatus.Pending;
                delivery.NextAttemptAt = null;
                changed = true;
            }
        }

        entry.Summarize(sinks.Names);
        return changed;
    }

    Action<LiteDatabase> Audit(Caller staff, string target, string? details)
    {
        var entry = new AuditEntry { Ts = time.GetUtcNow(), Actor = staff.Actor, Action = "feed.retry", Target = target, Details = details };
        return db => db.GetCollection<AuditEntry>("audit").Insert(entry);
    }

    /// <summary>The entry with a row for every configured sink (pending where never tried) and any other sink it has been to.</summary>
    FeedEntryView ToView(OutboxEntry entry)
    {
        var rows = sinks.Names.Select(name => entry.Sinks.FirstOrDefault(s => s.Sink == name) ?? new SinkDelivery { Sink = name })
            .Concat(entry.Sinks.Where(s => !sinks.Names.Contains(s.Sink)))
            .Select(s => new FeedSinkDeliveryView(s.Sink, s.Status, s.Attempts, s.LastAttemptAt, s.DeliveredAt, s.LastError, s.NextAttemptAt))
            .ToList();
        return new FeedEntryView(entry.Id, entry.Kind, entry.Status, entry.CreatedAt, entry.DueAt, rows);
    }
}
