using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Validation;
using SmartLab.Hub.Ingest;
using SmartLab.Hub.Instruments;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Jobs;

/// <summary>
/// The authority on jobs. Every change goes through <see cref="ChangeAsync"/>: under the job's own gate, a copy is
/// changed, committed, and only then becomes the job everyone sees (queue, scheduler, watchers). Jobs that are not
/// final live in memory as well as in the store, so the scheduler and the MQTT paths never wait on a read.
/// </summary>
public sealed partial class JobService(
    LiteDbStore store,
    InstrumentRegistry registry,
    JobValidator validator,
    JobEvents events,
    HubPublisher publisher,
    Control.LeaseService leases,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobService> logger)
{
    readonly JobsOptions _options = options.Value;
    readonly ConcurrentDictionary<string, OpenJob> _open = new(StringComparer.Ordinal);

    // Auto-approvals per (automation account, instrument kind, UTC day), for the policy's daily quota.
    readonly ConcurrentDictionary<(string, string, DateOnly), int> _autoApproved = new();
    readonly ConcurrentDictionary<string, SemaphoreSlim> _automationGates = new(StringComparer.Ordinal);

    /// <summary>A job that is not final, with what only the running hub knows of it.</summary>
    sealed class OpenJob(JobRecord job)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public volatile JobRecord Job = job;
        public double? Progress;
        public string? Stage;

        /// <summary>TimeProvider timestamp after which the current attempt counts as lost.</summary>
        public long LeaseDeadline;
    }

    public int OpenCount => _open.Count;

    /// <summary>Loads the jobs that are not final (at start, before the broker accepts agents).</summary>
    public void Load()
    {
        leases.Changed += _ => SignalScheduler();
        var now = time.GetTimestamp();
        foreach (var job in store.ListOpenJobs())
        {
            var open = new OpenJob(job);
            if (JobStates.IsInFlight(job.State))
            {
                // The agent gets a whole lease from the hub's start to reconnect and report.
                open.LeaseDeadline = now + LeaseTicks(job);
            }

            _open[job.Id] = open;
            lock (_schedule)
            {
                Track(null, job);
            }
        }

        logger.LogInformation("{Count} open jobs loaded ({Queued} queued, {InFlight} on instruments)", _open.Count, _queue.Count, _onInstrument.Count);
    }

    /// <summary>The job as it is now: from memory while open (with live progress), otherwise from the store.</summary>
    public (JobRecord Job, double? Progress, string? Stage)? Find(string id) =>
        _open.TryGetValue(id, out var open) ? (open.Job, open.Progress, open.Stage) : store.GetJob(id) is { } stored ? (stored, null, null) : null;

    public static bool CanSee(Caller caller, JobRecord job) => caller.IsStaff || job.Requester == caller.Id || job.OnBehalfOf == caller.Id;

    // Submission

    public sealed record SubmitOutcome(IReadOnlyList<JobRecord> Jobs, IReadOnlyList<ValidationError> Problems, bool KeyConflict, bool Repeated);

    /// <summary>Validates every request first; creates all of them in one transaction, or none.</summary>
    public async Task<SubmitOutcome> SubmitAsync(IReadOnlyList<SubmitJobRequest> requests, Caller caller, string? idempotencyKey, bool batch,
        CancellationToken cancellationToken)
    {
        if (caller.Role != Roles.Automation)
        {
            return await SubmitCoreAsync(requests, caller, idempotencyKey, batch, cancellationToken).ConfigureAwait(false);
        }

        // An automation account's submits run one at a time, so its daily quota is counted exactly.
        var gate = _automationGates.GetOrAdd(caller.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SubmitCoreAsync(requests, caller, idempotencyKey, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<SubmitOutcome> SubmitCoreAsync(IReadOnlyList<SubmitJobRequest> requests, Caller caller, string? idempotencyKey, bool batch,
        CancellationToken cancellationToken)
    {
        var drafts = new List<JobRecord>(requests.Count);
        var problems = new List<ValidationError>();
        for (var i = 0; i < requests.Count; i++)
        {
            var (draft, errors) = validator.Validate(requests[i], caller, batch ? $"jobs[{i}]." : "");
            problems.AddRange(errors);
            if (draft is not null)
            {
                drafts.Add(draft);
            }
        }

        if (problems.Count > 0)
        {
            return new SubmitOutcome([], problems, false, false);
        }

        var now = time.GetUtcNow();
        var approvals = new List<(string Kind, DateOnly Day)>();
        foreach (var job in drafts)
        {
            job.Created(caller.Actor, caller.OnBehalfOf, now);
            job.MaxAttempts = _options.MaxAttempts;
            job.LeaseSeconds = _options.LeaseSeconds;
            job.AutoDeliver = caller.Role != Roles.User || !_options.StaffDeliversUserResults;
            if (caller.IsStaff)
            {
                job.Operator = caller.Id;
                Approve(job, caller.Actor, caller.OnBehalfOf, "submitted by staff", now);
            }
            else if (caller.Role == Roles.Automation && AutomationReview(job, caller, now, approvals.Count(a => a.Kind == job.InstrumentKind)) is var review)
            {
                if (review is null)
                {
                    Approve(job, "hub", caller.OnBehalfOf, "within the instrument's automation policy", now);
                    approvals.Add((job.InstrumentKind, DateOnly.FromDateTime(now.UtcDateTime)));
                }
                else
                {
                    job.History[^1].Reason = "staff review: " + review;
                }
            }
        }

        var scope = batch ? "jobs/batch" : "jobs";
        var outcome = await store.CreateJobsAsync(drafts, idempotencyKey is null ? null : IdempotencyRecord.Key(caller.Id, scope, idempotencyKey),
            Fingerprint(requests), cancellationToken).ConfigureAwait(false);
        if (outcome.KeyConflict)
        {
            return new SubmitOutcome([], [], true, true);
        }

        if (outcome.Repeated)
        {
            return new SubmitOutcome(outcome.Ids.Select(id => Find(id)?.Job).OfType<JobRecord>().ToList(), [], false, true);
        }

        foreach (var (kind, day) in approvals)
        {
            _autoApproved.AddOrUpdate((caller.Id, kind, day), 1, (_, n) => n + 1);
        }

        foreach (var job in drafts)
        {
            var open = new OpenJob(job);
            _open[job.Id] = open;
            lock (_schedule)
            {
                Track(null, job);
            }

            PublishSteps(0, job, null, null);
        }

        SignalScheduler();
        return new SubmitOutcome(drafts, [], false, false);
    }

    /// <summary>Approved jobs wait for their sample if it has not arrived, otherwise join the queue.</summary>
    void Approve(JobRecord job, string actor, string? onBehalfOf, string reason, DateTimeOffset now)
    {
        job.Move(JobStates.Approved, actor, onBehalfOf, reason, now);
        QueueOrAwaitSample(job, actor, onBehalfOf, now);
    }

    void QueueOrAwaitSample(JobRecord job, string actor, string? onBehalfOf, DateTimeOffset now)
    {
        if (job.SampleId is { } sampleId && store.GetSample(sampleId) is { ReceivedAt: null })
        {
            job.Move(JobStates.AwaitingSample, actor, onBehalfOf, $"sample {sampleId} has not been received yet", now);
        }
        else
        {
            job.Move(JobStates.Queued, actor, onBehalfOf, null, now);
        }
    }

    string? AutomationReview(JobRecord job, Caller caller, DateTimeOffset now, int pendingInThisRequest)
    {
        var instruments = job.RequestedInstrument is { } one
            ? [one]
            : registry.All.Where(i => i.Record.ProfileId == job.InstrumentKind).Select(i => i.Record.Id).ToList();
        if (instruments.Count == 0)
        {
            return $"no `{job.InstrumentKind}` instrument is registered to take a policy from";
        }

        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var used = _autoApproved.GetOrAdd((caller.Id, job.InstrumentKind, day),
            _ => store.CountAutoApproved(caller.Id, job.InstrumentKind, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        using var parameters = JsonDocument.Parse(job.ParametersJson);
        foreach (var id in instruments)
        {
            var policy = store.GetAutomationPolicy(id);
            var reason = policy is null
                ? $"instrument `{id}` has no automation policy"
                : policy.ReasonForReview(parameters.RootElement, used + pendingInThisRequest);
            if (reason is not null)
            {
                return job.RequestedInstrument is null ? $"{reason} (instrument `{id}`)" : reason;
            }
        }

        return null;
    }

    static string Fingerprint(IReadOnlyList<SubmitJobRequest> requests) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(requests))));

    // Changes

    /// <summary>Why a change was refused; the status code it deserves.</summary>
    public sealed record Refusal(int Status, string Code, string Message);

    /// <summary>
    /// Applies <paramref name="change"/> to a copy of the job under its gate, commits it (with <paramref name="alsoDo"/>
    /// in the same transaction), then publishes it. A non-null refusal from <paramref name="change"/> changes nothing.
    /// </summary>
    async Task<(JobRecord? Job, Refusal? Refusal)> ChangeAsync(string id, Func<JobRecord, Refusal?> change,
        Func<JobRecord, Action<LiteDatabase>?>? alsoDo = null, CancellationToken cancellationToken = default)
    {
        if (!_open.TryGetValue(id, out var open) && store.GetJob(id) is { } committed && !JobStates.IsFinal(committed.State))
        {
            // Committed by a submit that has not put it in memory yet: that takes moments.
            for (var i = 0; i < 200 && !_open.TryGetValue(id, out open); i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken).ConfigureAwait(false);
            }
        }

        if (open is null)
        {
            return store.GetJob(id) is { } final
                ? (final, new Refusal(409, "job_finished", $"job {id} is {final.State}; nothing more can happen to it"))
                : (null, new Refusal(404, "not_found", $"job `{id}` does not exist"));
        }

        await open.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = open.Job;
            var draft = before.Clone();
            if (change(draft) is { } refusal)
            {
                return (before, refusal);
            }

            await store.SaveJobsAsync([draft], alsoDo?.Invoke(draft), cancellationToken).ConfigureAwait(false);
            open.Job = draft;
            if (draft.State != before.State && !JobStates.IsInFlight(draft.State))
            {
                open.Progress = draft.State == JobStates.Succeeded ? 1 : open.Progress;
            }

            lock (_schedule)
            {
                Track(before, draft);
            }

            if (JobStates.IsFinal(draft.State))
            {
                _open.TryRemove(id, out _);
            }

            PublishSteps(before.History.Count, draft, open.Progress, open.Stage);
            return (draft, null);
        }
        finally
        {
            open.Gate.Release();
        }
    }

    /// <summary>
    /// One event per state a change passed through (approve goes submitted → approved → queued in one commit), so
    /// watchers and webhooks see every step; the intermediate ones carry the job as it was at that step.
    /// </summary>
    void PublishSteps(int historyBefore, JobRecord job, double? progress, string? stage)
    {
        var steps = job.History.Count - historyBefore;
        for (var i = historyBefore; i < job.History.Count - 1; i++)
        {
            var step = job.History[i];
            if (step.From == step.To)
            {
                continue;
            }

            var snapshot = job.Clone();
            snapshot.State = step.To;
            snapshot.History = job.History.GetRange(0, i + 1);
            events.Publish(new JobChange("transition", snapshot, progress, stage));
        }

        if (steps > 0 || historyBefore == 0)
        {
            events.Publish(new JobChange("transition", job, progress, stage));
        }
    }

    static Refusal NotAllowed(JobRecord job, string action) =>
        new(409, "invalid_transition", $"job {job.Id} is {job.State}; it cannot be {action}");

    /// <summary>Staff approve a submitted job: it queues, or waits for its sample.</summary>
    public Task<(JobRecord? Job, Refusal? Refusal)> ApproveAsync(string id, Caller staff, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, job =>
        {
            if (job.State != JobStates.Submitted)
            {
                return NotAllowed(job, "approved");
            }

            var now = time.GetUtcNow();
            job.Operator ??= staff.Id;
            Approve(job, staff.Actor, null, reason ?? "approved", now);
            return null;
        }, job => Audit(staff, "job.approve", job, reason), cancellationToken);

    public Task<(JobRecord? Job, Refusal? Refusal)> RejectAsync(string id, Caller staff, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, job => job.State == JobStates.Submitted && job.Move(JobStates.Rejected, staff.Actor, null, reason, time.GetUtcNow())
            ? null
            : NotAllowed(job, "rejected"), job => Audit(staff, "job.reject", job, reason), cancellationToken);

    public Task<(JobRecord? Job, Refusal? Refusal)> HoldAsync(string id, Caller staff, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, job =>
        {
            if (!JobStates.IsHoldable(job.State))
            {
                return NotAllowed(job, "held");
            }

            job.HeldFrom = job.State;
            job.Move(JobStates.Held, staff.Actor, null, reason, time.GetUtcNow());
            return null;
        }, job => Audit(staff, "job.hold", job, reason), cancellationToken);

    public Task<(JobRecord? Job, Refusal? Refusal)> ResumeAsync(string id, Caller staff, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, job =>
        {
            if (job.State != JobStates.Held)
            {
                return NotAllowed(job, "resumed");
            }

            var now = time.GetUtcNow();
            var back = job.HeldFrom ?? JobStates.Queued;
            job.HeldFrom = null;
            if (back is JobStates.AwaitingSample or JobStates.Queued or JobStates.Approved)
            {
                // The sample may have arrived while the job was held.
                job.Move(JobStates.Approved, staff.Actor, null, reason ?? "resumed", now);
                QueueOrAwaitSample(job, staff.Actor, null, now);
            }
            else
            {
                job.Move(back, staff.Actor, null, reason ?? "resumed", now);
            }

            return null;
        }, job => Audit(staff, "job.resume", job, reason), cancellationToken);

    /// <summary>
    /// The owner or staff cancel a job. Before it reaches an instrument it ends at once; a dispatched attempt is
    /// withdrawn (and the instrument told to abort it); a running one is aborted on the instrument and ends when the
    /// instrument confirms (or its lease runs out).
    /// </summary>
    public async Task<(JobRecord? Job, Refusal? Refusal)> CancelAsync(string id, Caller caller, string? reason, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } found || !CanSee(caller, found.Job))
        {
            return (null, new Refusal(404, "not_found", $"job `{id}` does not exist"));
        }

        string? abortOn = null;
        var result = await ChangeAsync(id, job =>
        {
            if (!CanSee(caller, job))
            {
                return new Refusal(404, "not_found", $"job `{id}` does not exist");
            }

            var now = time.GetUtcNow();
            var why = reason ?? $"cancelled by {caller.Actor}";
            if (job.State == JobStates.Running)
            {
                if (job.AbortRequested)
                {
                    return new Refusal(409, "abort_pending", $"job {job.Id} is already being aborted on {job.Instrument}");
                }

                job.AbortRequested = true;
                job.UpdatedAt = now;
                job.History.Add(new JobTransition { At = now, From = job.State, To = job.State, Actor = caller.Actor, Reason = "abort requested: " + why, Attempt = job.Attempt });
                abortOn = job.Instrument;
                return null;
            }

            if (job.State == JobStates.Dispatched)
            {
                abortOn = job.Instrument;
            }

            return job.Move(JobStates.Cancelled, caller.Actor, caller.OnBehalfOf, why, now) ? null : NotAllowed(job, "cancelled");
        }, job => caller.IsStaff ? Audit(caller, "job.cancel", job, reason) : null, cancellationToken).ConfigureAwait(false);

        if (result.Refusal is null && abortOn is not null && result.Job is { } aborted)
        {
            await SendAbortAsync(abortOn, aborted.Id, aborted.Attempt, reason ?? $"cancelled by {caller.Actor}").ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Staff release a succeeded job's results to its requester.</summary>
    public Task<(JobRecord? Job, Refusal? Refusal)> DeliverAsync(string id, Caller staff, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, job => job.Move(JobStates.Delivered, staff.Actor, null, reason ?? "results released by staff", time.GetUtcNow())
            ? null
            : NotAllowed(job, "delivered"), job =>
        {
            var audit = Audit(staff, "job.deliver", job, reason);
            return db =>
            {
                LiteDbStore.ReleaseMeasurements(db, job.Id, job.Owner);
                audit(db);
            };
        }, cancellationToken);

    public Task<(JobRecord? Job, Refusal? Refusal)> AssignAsync(string id, string? instrumentId, Caller staff, string? reason,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, job =>
        {
            if (JobStates.IsInFlight(job.State) || JobStates.IsFinished(job.State))
            {
                return NotAllowed(job, "pinned to another instrument");
            }

            if (instrumentId is not null)
            {
                if (registry.Find(instrumentId) is not { } instrument)
                {
                    return new Refusal(400, "unknown_instrument", $"instrument `{instrumentId}` is not registered");
                }

                if (instrument.Record.ProfileId != job.InstrumentKind)
                {
                    return new Refusal(400, "kind_mismatch", $"instrument `{instrumentId}` is a `{instrument.Record.ProfileId}`; job {job.Id} needs a `{job.InstrumentKind}`");
                }
            }

            job.PinnedInstrument = instrumentId;
            var now = time.GetUtcNow();
            job.UpdatedAt = now;
            job.History.Add(new JobTransition
            {
                At = now, From = job.State, To = job.State, Actor = staff.Actor, Attempt = job.Attempt,
                Reason = (instrumentId is null ? "unpinned" : $"pinned to {instrumentId}") + (reason is null ? "" : ": " + reason),
            });
            return null;
        }, job => Audit(staff, "job.assign", job, instrumentId ?? "unpinned"), cancellationToken);

    public Task<(JobRecord? Job, Refusal? Refusal)> ReorderAsync(string id, ReorderJobRequest request, Caller staff, CancellationToken cancellationToken) =>
        ChangeAsync(id, job =>
        {
            if (request.Priority is { } p && !JobPriorities.IsKnown(p))
            {
                return new Refusal(400, "unknown_priority", $"priority `{p}` is not one of {string.Join(", ", JobPriorities.All)}");
            }

            if (JobStates.IsInFlight(job.State) || JobStates.IsFinished(job.State))
            {
                return NotAllowed(job, "reordered");
            }

            var now = time.GetUtcNow();
            job.Priority = request.Priority ?? job.Priority;
            if (request.Front)
            {
                // The latest move to the front goes first.
                job.FrontRank = -now.UtcTicks;
            }

            job.UpdatedAt = now;
            job.History.Add(new JobTransition
            {
                At = now, From = job.State, To = job.State, Actor = staff.Actor, Attempt = job.Attempt,
                Reason = $"priority {job.Priority}{(request.Front ? ", moved to the front" : "")}" + (request.Reason is null ? "" : ": " + request.Reason),
            });
            return null;
        }, job => Audit(staff, "job.reorder", job, request.Priority), cancellationToken);

    /// <summary>The physical sample arrived: its jobs waiting for it join the queue (one transaction).</summary>
    public async Task<(Domain.Samples.SampleRecord Sample, IReadOnlyList<string> Queued)?> ReceiveSampleAsync(string sampleId, Caller staff,
        CancellationToken cancellationToken)
    {
        var sample = store.GetSample(sampleId);
        if (sample is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (sample.ReceivedAt is null)
        {
            sample.ReceivedAt = now;
            sample.ReceivedBy = staff.Id;
            await store.WriteAsync(db =>
            {
                LiteDbStore.SaveSample(db, sample);
                Audit(staff, "sample.receive", null, sampleId)(db);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        var queued = new List<string>();
        foreach (var open in _open.Values.Where(o => o.Job.SampleId == sampleId && o.Job.State == JobStates.AwaitingSample).ToList())
        {
            var (job, refusal) = await ChangeAsync(open.Job.Id, job => job.State == JobStates.AwaitingSample
                && job.Move(JobStates.Queued, staff.Actor, null, $"sample {sampleId} received", now) ? null : NotAllowed(job, "queued"),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (refusal is null && job is not null)
            {
                queued.Add(job.Id);
            }
        }

        SignalScheduler();
        return (sample, queued);
    }

    Action<LiteDatabase> Audit(Caller actor, string action, JobRecord? job, string? details)
    {
        var entry = new AuditEntry
        {
            Ts = time.GetUtcNow(),
            Actor = actor.Actor,
            OnBehalfOf = job?.Owner,
            Action = action,
            InstrumentId = job?.Instrument ?? job?.PinnedInstrument ?? job?.RequestedInstrument,
            Target = job?.Id ?? details,
            Details = job is null ? null : details,
        };
        return db => db.GetCollection<AuditEntry>("audit").Insert(entry);
    }

    long LeaseTicks(JobRecord job) => (long)(job.LeaseSeconds * (double)time.TimestampFrequency);
}
