using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Domain.Feed;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Feed;

/// <summary>
/// Delivers outbox entries to the sinks, at least once. Wakes when the store commits a new entry, when an admin asks
/// for a retry, and at the earliest next-attempt time (at least every <see cref="FeedOptions.PollInterval"/>). Per
/// entry the package is built once and offered to every sink that still needs it; each sink's outcome is recorded
/// right after its delivery. A crash between a delivery and its record means that sink gets the record again, which
/// sinks absorb by the record id. A sink that failed is left alone until its next attempt time, so an unreachable
/// platform costs one attempt per backoff, not one per record.
/// </summary>
public sealed partial class FeedPublisher(
    LiteDbStore store,
    FeedSinks sinks,
    IFeedPackager packager,
    RecordPackager spool,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedPublisher> logger) : BackgroundService
{
    static readonly TimeSpan NotReadyPause = TimeSpan.FromSeconds(2);

    readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    volatile TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Look at the outbox now (new entries, an admin's retry). <paramref name="resume"/>: forget sinks' pauses too.</summary>
    public void Wake(bool resume = false)
    {
        if (resume)
        {
            lock (_pausedUntil)
            {
                _pausedUntil.Clear();
            }
        }

        _wake.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Whichever packager is in use, package files are spooled under the record packager's folder.
        spool.ClearSpool();

        if (sinks.All.Count == 0)
        {
            logger.LogInformation("No feed sinks configured (SmartLab:Feed:Sinks): delivered jobs and finalised measurements wait in the outbox");
            return;
        }

        store.OutboxChanged += OnOutboxChanged;
        try
        {
            await ResummarizeAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                // A fresh signal before reading, so an entry committed during this pass wakes the next one.
                var wake = _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                TimeSpan pause;
                try
                {
                    pause = await PassAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Feed publisher pass failed; trying again shortly");
                    pause = options.Value.RetryBackoff;
                }

                if (pause > TimeSpan.Zero)
                {
                    await WaitAsync(wake.Task, pause, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            store.OutboxChanged -= OnOutboxChanged;
        }
    }

    void OnOutboxChanged() => _wake.TrySetResult();

    /// <summary>The configured sinks may have changed since the entries were last summed up.</summary>
    async Task ResummarizeAsync(CancellationToken cancellationToken)
    {
        foreach (var open in store.OpenOutboxEntries())
        {
            await store.UpdateOutboxEntryAsync(open.Id, entry =>
            {
                var (status, due) = (entry.Status, entry.DueAt);
                entry.Summarize(sinks.Names);
                return entry.Status != status || entry.DueAt != due;
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass over the due entries; returns how long to wait before the next (zero: go on at once).</summary>
    async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = store.DueOutboxEntries(now, options.Value.BatchSize);
        var progressed = false;
        foreach (var entry in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            now = time.GetUtcNow();
            var targets = sinks.All.Where(s => entry.IsDueFor(s.Name, now) && !IsPaused(s.Name, now)).ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            progressed = true;
            await DeliverAsync(entry, targets, cancellationToken).ConfigureAwait(false);
        }

        if (progressed)
        {
            return TimeSpan.Zero;
        }

        // Nothing could be done: sleep until the earliest entry or paused sink comes due.
        now = time.GetUtcNow();
        var wakeAt = now + options.Value.PollInterval;
        if (store.NextOutboxDue() is { } next && next > now && next < wakeAt)
        {
            wakeAt = next;
        }

        lock (_pausedUntil)
        {
            foreach (var until in _pausedUntil.Values.Where(u => u > now && u < wakeAt))
            {
                wakeAt = until;
            }
        }

        return wakeAt - now;
    }

    async Task DeliverAsync(OutboxEntry entry, List<IFeedSink> targets, CancellationToken cancellationToken)
    {
        FeedPackage package;
        try
        {
            package = await packager.BuildAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (FeedRecordNotReadyException ex)
        {
            await RecordAsync(entry.Id, targets, d =>
            {
                d.LastError = ex.Message;
                d.NextAttemptAt = time.GetUtcNow() + NotReadyPause;
            }).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Feed record {Id} could not be packaged", entry.Id);
            await RecordAsync(entry.Id, targets, d => Failed(d, $"packaging failed: {ex.Message}", permanent: false, retryAfter: null))
                .ConfigureAwait(false);
            return;
        }

        using (package)
        {
            foreach (var sink in targets)
            {
                try
                {
                    await sink.DeliverAsync(package, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var failure = ex as FeedDeliveryException;
                    DateTimeOffset next = default;
                    await RecordAsync(entry.Id, [sink], d => next = Failed(d, ex.Message, failure?.Permanent == true, failure?.RetryAfter))
                        .ConfigureAwait(false);
                    if (failure?.Permanent != true)
                    {
                        lock (_pausedUntil)
                        {
                            _pausedUntil[sink.Name] = next;
                        }
                    }

                    LogFailed(logger, entry.Id, sink.Name, next, ex.Message);
                    continue;
                }

                lock (_pausedUntil)
                {
                    _pausedUntil.Remove(sink.Name);
                }

                await RecordAsync(entry.Id, [sink], d =>
                {
                    var at = time.GetUtcNow();
                    d.Status = OutboxStatus.Delivered;
                    d.Attempts++;
                    d.LastAttemptAt = at;
                    d.DeliveredAt = at;
                    d.NextAttemptAt = null;
                    d.LastError = null;
                }).ConfigureAwait(false);
                LogDelivered(logger, entry.Id, sink.Name);
            }
        }
    }

    /// <summary>Marks a failed attempt and returns when the next one is due.</summary>
    DateTimeOffset Failed(SinkDelivery delivery, string error, bool permanent, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        delivery.Status = OutboxStatus.Failing;
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastError = error;
        var exponent = Math.Min(delivery.Attempts - 1, 30);
        var backoff = TimeSpan.FromTicks((long)Math.Min(o.RetryBackoff.Ticks * Math.Pow(2, exponent), o.MaxRetryBackoff.Ticks));
        backoff *= 0.8 + (Random.Shared.NextDouble() * 0.4);
        if (permanent)
        {
            backoff = o.PermanentFailureBackoff;
        }
        else if (retryAfter is { } asked && asked > backoff)
        {
            backoff = asked;
        }

        delivery.NextAttemptAt = now + backoff;
        return delivery.NextAttemptAt.Value;
    }

    /// <summary>Applies a change to the entry's state for each sink, on its committed version, and sums it up again.</summary>
    /// Runs to the end even while the hub stops: an outcome that is not recorded only means a repeat after the restart.
    Task RecordAsync(string id, IReadOnlyList<IFeedSink> targets, Action<SinkDelivery> change) =>
        store.UpdateOutboxEntryAsync(id, entry =>
        {
            foreach (var sink in targets)
            {
                change(entry.For(sink.Name));
            }

            entry.Summarize(sinks.Names);
            return true;
        });

    bool IsPaused(string sink, DateTimeOffset now)
    {
        lock (_pausedUntil)
        {
            return _pausedUntil.TryGetValue(sink, out var until) && until > now;
        }
    }

    async Task WaitAsync(Task wake, TimeSpan pause, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(pause, time, stop.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed record {Id} delivered to {Sink}")]
    static partial void LogDelivered(ILogger logger, string id, string sink);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed record {Id} not delivered to {Sink}; next attempt at {Next}: {Error}")]
    static partial void LogFailed(ILogger logger, string id, string sink, DateTimeOffset next, string error);
}
