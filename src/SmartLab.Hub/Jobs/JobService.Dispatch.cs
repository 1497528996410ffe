using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;
using SmartLab.Domain.Instruments;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Measurements;
using SmartLab.Hub.Ingest;
using SmartLab.Hub.Instruments;

namespace SmartLab.Hub.Jobs;

public sealed partial class JobService
{
    // Agent answers that mean "not started here, try again later" rather than a failed measurement.
    static readonly HashSet<string> NotStartedCodes = ["INSTRUMENT_BUSY", "INSTRUMENT_NOT_READY"];

    readonly Lock _schedule = new();
    readonly JobQueue _queue = new();

    // Instrument id → the job whose attempt is out on it (dispatched or running). At most one per instrument.
    readonly Dictionary<string, string> _onInstrument = new(StringComparer.Ordinal);

    // Registry version of each instrument when its last job ended: a "busy" state older than that is the job's own.
    readonly Dictionary<string, long> _freedAt = new(StringComparer.Ordinal);

    // Last online/session seen per instrument, to tell a departure and a reconnect from other state changes.
    readonly Dictionary<string, (bool Online, long Session)> _seen = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _wake = new(0, 1);

    public int QueuedCount
    {
        get
        {
            lock (_schedule)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The job whose attempt is out on the instrument, if any.</summary>
    public string? JobOn(string instrumentId)
    {
        lock (_schedule)
        {
            return _onInstrument.GetValueOrDefault(instrumentId);
        }
    }

    public void SignalScheduler()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Keeps the queue and the instrument table in step with a job's new state. Caller holds <see cref="_schedule"/>.</summary>
    void Track(JobRecord? before, JobRecord after)
    {
        if (before is not null && JobStates.IsInFlight(before.State) && !JobStates.IsInFlight(after.State)
            && before.Instrument is { } freed && _onInstrument.GetValueOrDefault(freed) == after.Id)
        {
            _onInstrument.Remove(freed);
            _freedAt[freed] = registry.Find(freed)?.Version ?? 0;
            SignalScheduler();
        }

        if (JobStates.IsInFlight(after.State) && after.Instrument is { } busy)
        {
            _onInstrument[busy] = after.Id;
        }

        if (after.State == JobStates.Queued)
        {
            _queue.Enqueue(QueuedJob.From(after));
            SignalScheduler();
        }
        else
        {
            _queue.Remove(after.Id);
        }
    }

    /// <summary>One pass: give each free instrument the next job that fits it. Returns how many were dispatched.</summary>
    public int DispatchPass()
    {
        var picks = new List<(QueuedJob Job, InstrumentRuntime Instrument)>();
        lock (_schedule)
        {
            if (_queue.Count == 0)
            {
                return 0;
            }

            foreach (var instrument in registry.All)
            {
                if (!IsFree(instrument))
                {
                    continue;
                }

                var id = instrument.Record.Id;
                var next = _queue.TakeNext(job => Fits(job, instrument));
                if (next is not null)
                {
                    _onInstrument[id] = next.Id; // reserved until the dispatch commits (or fails)
                    picks.Add((next, instrument));
                }
            }
        }

        foreach (var (job, instrument) in picks)
        {
            _ = DispatchAsync(job, instrument.Record.Id);
        }

        return picks.Count;
    }

    bool IsFree(InstrumentRuntime instrument)
    {
        var record = instrument.Record;
        if (!record.Online || record.UnusableReason is not null || instrument.Profile is null || _onInstrument.ContainsKey(record.Id)
            || leases.Current(record.Id) is not null)
        {
            return false; // offline, unusable, busy with a job, or under a staff member's remote control
        }

        // "busy" reported before the hub's last job there ended is that job's own busy; "busy" reported later is someone else's.
        return record.Status == "idle"
            || (record.Status == "busy" && _freedAt.TryGetValue(record.Id, out var version) && instrument.Version <= version);
    }

    static bool Fits(QueuedJob job, InstrumentRuntime instrument) =>
        job.InstrumentKind == instrument.Record.ProfileId
        && (job.Instrument is null || job.Instrument == instrument.Record.Id)
        && instrument.Profile!.FindMethod(job.Method) is not null;

    async Task DispatchAsync(QueuedJob queued, string instrumentId)
    {
        try
        {
            var (job, refusal) = await ChangeAsync(queued.Id, job =>
            {
                if (job.State != JobStates.Queued)
                {
                    return NotAllowed(job, "dispatched");
                }

                var now = time.GetUtcNow();
                job.Attempt++;
                job.Instrument = instrumentId;
                job.DispatchedAt = now;
                job.AbortRequested = false;
                job.ErrorCode = null;
                job.ErrorMessage = null;
                job.Move(JobStates.Dispatched, "hub", null, $"attempt {job.Attempt} on {instrumentId}", now);
                return null;
            }).ConfigureAwait(false);

            if (refusal is not null || job is null)
            {
                Unreserve(instrumentId, queued.Id);
                return;
            }

            if (_open.TryGetValue(job.Id, out var open))
            {
                open.LeaseDeadline = time.GetTimestamp() + LeaseTicks(job);
                open.Progress = null;
                open.Stage = null;
            }

            await SendStartAsync(job).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The store refused (disk trouble): the job is still queued in the store, so put it back.
            logger.LogError(ex, "Dispatching job {JobId} to {Instrument} failed", queued.Id, instrumentId);
            Unreserve(instrumentId, queued.Id);
            lock (_schedule)
            {
                if (_open.TryGetValue(queued.Id, out var open) && open.Job.State == JobStates.Queued)
                {
                    _queue.Enqueue(QueuedJob.From(open.Job));
                }
            }
        }
    }

    void Unreserve(string instrumentId, string jobId)
    {
        lock (_schedule)
        {
            if (_onInstrument.GetValueOrDefault(instrumentId) == jobId && !(_open.TryGetValue(jobId, out var open) && JobStates.IsInFlight(open.Job.State)))
            {
                _onInstrument.Remove(instrumentId);
            }
        }

        SignalScheduler();
    }

    Task SendStartAsync(JobRecord job)
    {
        using var parameters = JsonDocument.Parse(job.ParametersJson);
        var request = new JobRequest
        {
            Type = "start",
            JobId = job.Id,
            Attempt = job.Attempt,
            Method = job.Method,
            Parameters = parameters.RootElement.Clone(),
            Sample = job.SampleId is { } sample ? new SampleRef(sample, job.SampleName) : null,
            LeaseSeconds = job.LeaseSeconds,
            RequestedBy = job.History.FirstOrDefault()?.Actor ?? job.Requester,
            Operator = job.Operator is { } op ? $"staff:{op}" : null,
        };
        return publisher.JobAsync(job.Instrument!, ProtocolJson.Serialize(request));
    }

    Task SendAbortAsync(string instrumentId, string jobId, int attempt, string reason) =>
        publisher.JobAsync(instrumentId, ProtocolJson.Serialize(new JobRequest { Type = "abort", JobId = jobId, Attempt = attempt, Reason = reason }));

    /// <summary>The scheduler: dispatches whenever something may have freed an instrument or queued a job, and checks leases.</summary>
    public async Task RunSchedulerAsync(CancellationToken stoppingToken)
    {
        var nextLeaseCheck = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                DispatchPass();
                if (time.GetElapsedTime(nextLeaseCheck) >= TimeSpan.Zero)
                {
                    await ExpireLeasesAsync(stoppingToken).ConfigureAwait(false);
                    nextLeaseCheck = time.GetTimestamp() + (long)(_options.LeaseCheckInterval.TotalSeconds * time.TimestampFrequency);
                }

                using var tick = new CancellationTokenSource(_options.LeaseCheckInterval, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(tick.Token, stoppingToken);
                try
                {
                    await _wake.WaitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (tick.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    // Time for the lease check.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Scheduler pass failed; trying again");
                await Task.Delay(_options.LeaseCheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    async Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        foreach (var open in _open.Values)
        {
            var job = open.Job;
            if (JobStates.IsInFlight(job.State) && now > Volatile.Read(ref open.LeaseDeadline))
            {
                await LoseAttemptAsync(job.Id, job.Attempt,
                    $"no status from {job.Instrument} for {job.LeaseSeconds} s (lease expired)", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The agent of an attempt is gone (will or expired lease): the attempt is over. The job is queued again for a new
    /// attempt, or fails once it has lost <see cref="JobRecord.MaxAttempts"/>; a job being aborted ends aborted.
    /// </summary>
    async Task LoseAttemptAsync(string jobId, int attempt, string reason, CancellationToken cancellationToken)
    {
        string? oldInstrument = null;
        var (job, refusal) = await ChangeAsync(jobId, job =>
        {
            if (job.Attempt != attempt || !JobStates.IsInFlight(job.State))
            {
                return NotAllowed(job, "requeued");
            }

            var now = time.GetUtcNow();
            oldInstrument = job.Instrument;
            job.LostAttempts++;
            if (job.AbortRequested)
            {
                job.ErrorCode = "ABORTED";
                job.ErrorMessage = $"aborted; the instrument did not confirm: {reason}";
                job.EndedAt = now;
                job.Move(JobStates.Aborted, "hub", null, job.ErrorMessage, now);
            }
            else if (job.LostAttempts >= job.MaxAttempts)
            {
                job.ErrorCode = "AGENT_LOST";
                job.ErrorMessage = $"attempt {job.Attempt} lost: {reason}; {job.LostAttempts} of {job.MaxAttempts} attempts lost, giving up";
                job.EndedAt = now;
                job.Move(JobStates.Failed, "hub", null, job.ErrorMessage, now);
            }
            else
            {
                job.Move(JobStates.Queued, "hub", null, $"attempt {job.Attempt} lost: {reason}; queued for attempt {job.Attempt + 1}", now);
            }

            return null;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

        if (refusal is null && job is not null && oldInstrument is not null)
        {
            logger.LogWarning("Job {JobId} attempt {Attempt} on {Instrument} lost: {Reason}; now {State}", jobId, attempt, oldInstrument, reason, job.State);

            // Should the agent still be running it, only a stop makes sense now; its results would be refused anyway.
            await SendAbortAsync(oldInstrument, jobId, attempt, "the hub gave up on this attempt: " + reason).ConfigureAwait(false);
        }
    }

    /// <summary>A job status from an agent. Statuses of another attempt or instrument are fenced off (ignored and logged).</summary>
    public async Task OnStatusAsync(string instrumentId, string jobId, JobStatusPayload status, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(jobId, out var open))
        {
            logger.LogInformation("Status {State} of {Instrument} for job {JobId} attempt {Attempt} ignored: the job is not open",
                status.State, instrumentId, jobId, status.Attempt);
            return;
        }

        var current = open.Job;
        if (current.Attempt != status.Attempt || current.Instrument != instrumentId || !JobStates.IsInFlight(current.State))
        {
            logger.LogWarning("Status {State} of {Instrument} for job {JobId} attempt {Attempt} fenced off (current: attempt {Current} on {Where}, {JobState})",
                status.State, instrumentId, jobId, status.Attempt, current.Attempt, current.Instrument, current.State);
            return;
        }

        Volatile.Write(ref open.LeaseDeadline, time.GetTimestamp() + LeaseTicks(current));
        if (status.Progress is { } progress)
        {
            open.Progress = Math.Clamp(progress, 0, 1);
        }

        open.Stage = status.Stage ?? open.Stage;
        var actor = $"instrument:{instrumentId}";
        switch (status.State)
        {
            case "accepted":
                break;
            case "running":
                if (current.State == JobStates.Dispatched)
                {
                    await ChangeAsync(jobId, job => job.Attempt == status.Attempt && job.State == JobStates.Dispatched
                        && Started(job, actor) ? null : NotAllowed(job, "started"), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    events.Publish(new JobChange("progress", current, open.Progress, open.Stage));
                }

                break;
            case "succeeded":
                await ChangeAsync(jobId, job =>
                {
                    if (job.Attempt != status.Attempt || !JobStates.IsInFlight(job.State))
                    {
                        return NotAllowed(job, "succeeded");
                    }

                    var now = time.GetUtcNow();
                    job.StartedAt ??= job.DispatchedAt;
                    job.EndedAt = now;
                    job.MeasurementIds = [.. status.MeasurementIds ?? []];
                    job.Move(JobStates.Succeeded, actor, null, status.Message, now);
                    if (job.AutoDeliver)
                    {
                        job.Move(JobStates.Delivered, "hub", null, "results released to the requester on completion", now);
                    }

                    return null;
                }, job => job.State == JobStates.Delivered ? db => Storage.LiteDb.LiteDbStore.ReleaseMeasurements(db, job.Id, job.Owner) : null,
                    cancellationToken).ConfigureAwait(false);
                break;
            case "failed" when status.Error is { } error && NotStartedCodes.Contains(error.Code) && !current.AbortRequested:
                await ChangeAsync(jobId, job => job.Attempt == status.Attempt && JobStates.IsInFlight(job.State)
                    && job.Move(JobStates.Queued, actor, null, $"not started: {error.Message}", time.GetUtcNow()) ? null : NotAllowed(job, "requeued"),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "failed" or "aborted":
                await ChangeAsync(jobId, job =>
                {
                    if (job.Attempt != status.Attempt || !JobStates.IsInFlight(job.State))
                    {
                        return NotAllowed(job, status.State);
                    }

                    var now = time.GetUtcNow();
                    job.ErrorCode = status.Error?.Code ?? (status.State == "aborted" ? "ABORTED" : "FAILED");
                    job.ErrorMessage = status.Error?.Message ?? status.Message;
                    job.EndedAt = now;
                    job.Move(status.State == "aborted" ? JobStates.Aborted : JobStates.Failed, actor, null,
                        $"{job.ErrorCode}: {job.ErrorMessage}", now);
                    return null;
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    bool Started(JobRecord job, string actor)
    {
        var now = time.GetUtcNow();
        job.StartedAt = now;
        return job.Move(JobStates.Running, actor, null, null, now);
    }

    /// <summary>
    /// Whether a new measurement that names a job may be stored: only from the instrument running the job's current
    /// attempt. Returns the job (for provenance) or why it is refused.
    /// </summary>
    public (JobRecord? Job, Rejection? Refusal) AdmitMeasurement(string instrumentId, string jobId, int? attempt)
    {
        var job = _open.TryGetValue(jobId, out var open) ? open.Job : store.GetJob(jobId);
        if (job is null)
        {
            return (null, new Rejection("unknown_job", $"job {jobId} does not exist"));
        }

        if (job.State is JobStates.Succeeded or JobStates.Delivered)
        {
            // Data of the attempt that succeeded may arrive after its outcome (an agent replaying its outbox after a reconnect).
            return job.Instrument == instrumentId && attempt == job.Attempt
                ? (job, null)
                : (null, new Rejection("job_finished", $"job {jobId} succeeded with attempt {job.Attempt} on {job.Instrument}; it takes no more measurements"));
        }

        if (job.Instrument != instrumentId || !JobStates.IsInFlight(job.State))
        {
            return (null, new Rejection("job_not_running", $"job {jobId} is {job.State}{(job.Instrument is null ? "" : $" (attempt {job.Attempt} on {job.Instrument})")}, not running on {instrumentId}"));
        }

        if (attempt != job.Attempt)
        {
            return (null, new Rejection("stale_attempt",
                $"measurement is from attempt {attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} of job {jobId}; the current attempt is {job.Attempt}"));
        }

        return (job, null);
    }

    /// <summary>
    /// An instrument's state changed. A departure loses its attempt; a (re)connection gets the start of the attempt it
    /// still owes, or its abort; any change may free it for the queue.
    /// </summary>
    public async Task OnInstrumentChangedAsync(InstrumentRecord record, CancellationToken cancellationToken)
    {
        bool departed, arrived;
        string? jobId;
        lock (_schedule)
        {
            var seen = _seen.GetValueOrDefault(record.Id);
            departed = seen.Online && !record.Online;
            arrived = record.Online && (!seen.Online || seen.Session != record.Session);
            _seen[record.Id] = (record.Online, record.Session);
            jobId = _onInstrument.GetValueOrDefault(record.Id);
        }

        if (jobId is not null && _open.TryGetValue(jobId, out var open) && JobStates.IsInFlight(open.Job.State) && open.Job.Instrument == record.Id)
        {
            var job = open.Job;
            if (departed)
            {
                await LoseAttemptAsync(job.Id, job.Attempt, $"{record.Id} went offline", cancellationToken).ConfigureAwait(false);
            }
            else if (arrived)
            {
                logger.LogInformation("{Instrument} is back: re-sending job {JobId} attempt {Attempt}", record.Id, job.Id, job.Attempt);
                Volatile.Write(ref open.LeaseDeadline, time.GetTimestamp() + LeaseTicks(job));
                await (job.AbortRequested
                    ? SendAbortAsync(record.Id, job.Id, job.Attempt, "cancelled")
                    : SendStartAsync(job)).ConfigureAwait(false);
            }
        }

        SignalScheduler();
    }
}
