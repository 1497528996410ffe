using System.Globalization;
using LiteDB;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Measurements;
using SmartLab.Domain.Samples;

namespace SmartLab.Storage.LiteDb;

/// <summary>A page of jobs, newest first.</summary>
public sealed record JobQuery
{
    public string? State { get; init; }
    public string? Instrument { get; init; }
    public string? Requester { get; init; }

    /// <summary>Only jobs this account requested or that were requested on its behalf.</summary>
    public string? VisibleTo { get; init; }
    public string? SampleId { get; init; }
    public int Limit { get; init; } = 50;
    public string? Cursor { get; init; }
}

public sealed partial class LiteDbStore
{
    internal const string JobsCollection = "jobs";
    internal const string SamplesCollection = "samples";
    internal const string IdempotencyCollection = "idempotency";
    internal const string PoliciesCollection = "automation_policies";

    long _jobSeq;
    long _sampleSeq;

    /// <summary>
    /// Creates jobs in one transaction, numbering them in commit order. With an idempotency key, a repeat of the same
    /// request returns the first result and creates nothing; the check and the insert run on the writer thread, so
    /// concurrent repeats cannot both create.
    /// </summary>
    public Task<IdempotentOutcome> CreateJobsAsync(IReadOnlyList<JobRecord> jobs, string? idempotencyKey, string fingerprint,
        CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            if (Repeat(db, idempotencyKey, fingerprint) is { } earlier)
            {
                return earlier;
            }

            var collection = db.GetCollection<JobRecord>(JobsCollection);
            foreach (var job in jobs)
            {
                job.Seq = ++_jobSeq;
                job.Id = "J-" + job.Seq.ToString("D6", CultureInfo.InvariantCulture);
                collection.Insert(job);
            }

            var ids = jobs.Select(j => j.Id).ToList();
            Remember(db, idempotencyKey, fingerprint, ids, jobs.Count > 0 ? jobs[0].CreatedAt : default);
            return new IdempotentOutcome(ids, Repeated: false, KeyConflict: false);
        }, cancellationToken);

    /// <summary>Stores new versions of jobs (and runs <paramref name="alsoDo"/>) in one transaction.</summary>
    public async Task SaveJobsAsync(IReadOnlyList<JobRecord> jobs, Action<LiteDatabase>? alsoDo = null, CancellationToken cancellationToken = default)
    {
        await WriteAsync(db =>
        {
            var collection = db.GetCollection<JobRecord>(JobsCollection);
            foreach (var job in jobs)
            {
                if (!collection.Update(job))
                {
                    throw new InvalidOperationException($"job {job.Id} is not in the store");
                }
            }

            alsoDo?.Invoke(db);
            return true;
        }, cancellationToken).ConfigureAwait(false);

        // A delivery adds an outbox entry (ReleaseMeasurements); waking the feed for a save that added none costs one query.
        if (jobs.Any(j => j.State == JobStates.Delivered))
        {
            SignalOutbox();
        }
    }

    public JobRecord? GetJob(string id) => Read(db => db.GetCollection<JobRecord>(JobsCollection).FindById(id));

    /// <summary>Jobs that are not final (for the scheduler at start).</summary>
    public IReadOnlyList<JobRecord> ListOpenJobs() => Read(db => (IReadOnlyList<JobRecord>)db.GetCollection<JobRecord>(JobsCollection)
        .Find(Query.In("State", JobStates.All.Where(s => !JobStates.IsFinal(s)).Select(s => new BsonValue(s))))
        .ToList());

    public (IReadOnlyList<JobRecord> Items, string? NextCursor) QueryJobs(JobQuery query) => Read(db =>
    {
        var q = db.GetCollection<JobRecord>(JobsCollection).Query();
        if (query.State is { } state)
        {
            q = q.Where(j => j.State == state);
        }

        if (query.Instrument is { } instrument)
        {
            q = q.Where(j => j.Instrument == instrument || j.RequestedInstrument == instrument || j.PinnedInstrument == instrument);
        }

        if (query.Requester is { } requester)
        {
            q = q.Where(j => j.Requester == requester);
        }

        if (query.VisibleTo is { } who)
        {
            q = q.Where(j => j.Requester == who || j.OnBehalfOf == who);
        }

        if (query.SampleId is { } sample)
        {
            q = q.Where(j => j.SampleId == sample);
        }

        if (query.Cursor is { } cursor && long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
        {
            q = q.Where(j => j.Seq < before);
        }

        var limit = Math.Clamp(query.Limit, 1, 1000);
        var page = q.OrderByDescending(j => j.Seq).Limit(limit + 1).ToList();
        var next = page.Count > limit ? page[limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return ((IReadOnlyList<JobRecord>)page.Take(limit).ToList(), next);
    });

    /// <summary>Jobs an automation account had approved without review since <paramref name="since"/> on an instrument.</summary>
    public int CountAutoApproved(string requester, string instrumentKind, DateTimeOffset since) => Read(db =>
        db.GetCollection<JobRecord>(JobsCollection).Query()
            .Where(j => j.Requester == requester && j.InstrumentKind == instrumentKind && j.CreatedAt >= since)
            .ToEnumerable()
            .Count(j => j.History.Any(h => h.To == JobStates.Approved && h.Actor == "hub")));

    /// <summary>
    /// Gives the requester access to a delivered job's measurements and adds the job's feed outbox entry (in the same
    /// transaction as the delivery).
    /// </summary>
    public static void ReleaseMeasurements(LiteDatabase db, string jobId, string owner)
    {
        AddJobOutboxEntry(db, jobId);
        var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
        foreach (var m in measurements.Find(BsonExpression.Create("$.Record.JobId = @0", jobId)).ToList())
        {
            m.Record.Owner = owner;
            measurements.Update(m);
        }
    }

    // Samples

    public Task<IdempotentOutcome> CreateSampleAsync(SampleRecord sample, string? idempotencyKey, string fingerprint,
        CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            if (Repeat(db, idempotencyKey, fingerprint) is { } earlier)
            {
                return earlier;
            }

            sample.Seq = ++_sampleSeq;
            sample.Id = "S-" + sample.Seq.ToString("D6", CultureInfo.InvariantCulture);
            db.GetCollection<SampleRecord>(SamplesCollection).Insert(sample);
            Remember(db, idempotencyKey, fingerprint, [sample.Id], sample.CreatedAt);
            return new IdempotentOutcome([sample.Id], Repeated: false, KeyConflict: false);
        }, cancellationToken);

    public SampleRecord? GetSample(string id) => Read(db => db.GetCollection<SampleRecord>(SamplesCollection).FindById(id));

    public (IReadOnlyList<SampleRecord> Items, string? NextCursor) QuerySamples(string? visibleTo, int limit, string? cursor) => Read(db =>
    {
        var q = db.GetCollection<SampleRecord>(SamplesCollection).Query();
        if (visibleTo is { } who)
        {
            q = q.Where(s => s.Owner == who || s.SharedWith.Contains(who));
        }

        if (cursor is not null && long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
        {
            q = q.Where(s => s.Seq < before);
        }

        limit = Math.Clamp(limit, 1, 1000);
        var page = q.OrderByDescending(s => s.Seq).Limit(limit + 1).ToList();
        var next = page.Count > limit ? page[limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return ((IReadOnlyList<SampleRecord>)page.Take(limit).ToList(), next);
    });

    public static void SaveSample(LiteDatabase db, SampleRecord sample) => db.GetCollection<SampleRecord>(SamplesCollection).Update(sample);

    public IReadOnlyList<string> MeasurementIdsOfSample(string sampleId) => Read(db =>
        (IReadOnlyList<string>)db.GetCollection<StoredMeasurement>(MeasurementsCollection).Find(BsonExpression.Create("$.Record.SampleId = @0", sampleId))
            .Select(m => m.Id).ToList());

    // Automation policies

    public AutomationPolicy? GetAutomationPolicy(string instrumentId) =>
        Read(db => db.GetCollection<AutomationPolicy>(PoliciesCollection).FindById(instrumentId));

    public Task SaveAutomationPolicyAsync(AutomationPolicy policy, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.GetCollection<AutomationPolicy>(PoliciesCollection).Upsert(policy), cancellationToken);

    static IdempotentOutcome? Repeat(LiteDatabase db, string? key, string fingerprint)
    {
        if (key is null || db.GetCollection<IdempotencyRecord>(IdempotencyCollection).FindById(key) is not { } earlier)
        {
            return null;
        }

        return earlier.Fingerprint == fingerprint
            ? new IdempotentOutcome(earlier.ResultIds, Repeated: true, KeyConflict: false)
            : new IdempotentOutcome(earlier.ResultIds, Repeated: true, KeyConflict: true);
    }

    static void Remember(LiteDatabase db, string? key, string fingerprint, List<string> ids, DateTimeOffset at)
    {
        if (key is not null)
        {
            db.GetCollection<IdempotencyRecord>(IdempotencyCollection).Insert(
                new IdempotencyRecord { Id = key, Fingerprint = fingerprint, ResultIds = ids, CreatedAt = at });
        }
    }
}
