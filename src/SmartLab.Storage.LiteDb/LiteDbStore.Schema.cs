using LiteDB;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Instruments;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Samples;
using SmartLab.Domain.Measurements;
using SmartLab.Domain.Feed;
using Microsoft.Extensions.Logging;
using SmartLab.Storage.LiteDb.Internal;

namespace SmartLab.Storage.LiteDb;

public sealed partial class LiteDbStore
{
    internal const string InstrumentsCollection = "instruments";
    internal const string MeasurementsCollection = "measurements";
    internal const string TelemetryCollection = "telemetry";
    internal const string AccountsCollection = "accounts";
    internal const string AuditCollection = "audit";
    internal const string FilesCollection = "files";
    internal const string FileChunksCollection = "file_chunks";

    long _measurementSeq;

    /// <summary>
    /// A mapper of this store's own, with every entity mapped before the database is shared between threads: LiteDB 5
    /// builds entity maps lazily and a second thread can see a half-built one ("Member … not found on BsonMapper").
    /// </summary>
    static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper();
        mapper.Entity<MeasurementRecord>().Id(m => m.Id, autoId: false);
        mapper.Entity<InstrumentRecord>().Id(i => i.Id, autoId: false);
        mapper.Entity<Account>().Id(a => a.Id, autoId: false);
        mapper.Entity<JobRecord>().Id(j => j.Id, autoId: false).Ignore(j => j.Owner);
        mapper.Entity<SampleRecord>().Id(s => s.Id, autoId: false);
        mapper.Entity<IdempotencyRecord>().Id(i => i.Id, autoId: false);
        mapper.Entity<AutomationPolicy>().Id(p => p.Id, autoId: false);
        mapper.Entity<Domain.Control.ControlLease>().Id(l => l.Id, autoId: false);
        mapper.ToDocument(new StoredMeasurement
        {
            Record = new MeasurementRecord
            {
                Files = [new MeasurementFile()], Parameters = [new MeasuredValue()], Conditions = [new MeasuredValue()],
                Metadata = [new MetadataValue()], Calibration = new MeasurementCalibration(), DerivedFrom = ["x"], Missing = ["x"],
            },
        });
        mapper.ToDocument(new InstrumentRecord());
        mapper.ToDocument(new Account());
        mapper.ToDocument(new AuditEntry());
        mapper.ToDocument(new TelemetryPoint());
        mapper.ToDocument(new StoredFile());
        mapper.ToDocument(new JobRecord { History = [new JobTransition()] });
        mapper.ToDocument(new SampleRecord());
        mapper.ToDocument(new Domain.Control.ControlLease());
        mapper.ToDocument(new IdempotencyRecord());
        mapper.ToDocument(new AutomationPolicy { Bounds = new() { ["x"] = new AutomationPolicy.Bound() } });
        MapOutbox(mapper);
        return mapper;
    }

    /// <summary>
    /// The layout this code writes, kept in LiteDB's user version. 1: search keys live on the measurement (<c>SK</c>, one
    /// multikey index) instead of a collection of their own, and indexes the time keys made redundant are gone.
    /// </summary>
    const int SchemaVersion = 1;

    void InitializeSchema(LiteDatabase db)
    {
        // Every index entry costs the single writer a skip-list insertion, so a measurement carries only those a query reads:
        // job and sample (their measurements), files (a file arriving finds the measurement listing it), the global, the
        // instrument's and the owner's time order, and the search keys.
        var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
        measurements.EnsureIndex(m => m.Record.SampleId);
        measurements.EnsureIndex(m => m.Record.JobId);
        measurements.EnsureIndex("fileIds", "$.Record.Files[*].FileId");
        measurements.EnsureIndex("TK", "$.TK", unique: false);
        measurements.EnsureIndex("IT", "$.IT");
        measurements.EnsureIndex("owner_time", OwnerTimeExpression);
        measurements.EnsureIndex(SearchKeysIndex, SearchKeysExpression);

        var telemetry = db.GetCollection<TelemetryPoint>(TelemetryCollection);
        telemetry.EnsureIndex(t => t.InstrumentId);
        telemetry.EnsureIndex(t => t.Ts);

        db.GetCollection<Account>(AccountsCollection).EnsureIndex(a => a.TokenHash, unique: true);
        db.GetCollection<AuditEntry>(AuditCollection).EnsureIndex(a => a.Ts);

        var jobs = db.GetCollection<JobRecord>(JobsCollection);
        jobs.EnsureIndex(j => j.Seq, unique: true);
        jobs.EnsureIndex(j => j.State);
        jobs.EnsureIndex(j => j.Requester);
        jobs.EnsureIndex(j => j.OnBehalfOf);
        jobs.EnsureIndex(j => j.SampleId);
        var samples = db.GetCollection<SampleRecord>(SamplesCollection);
        samples.EnsureIndex(s => s.Seq, unique: true);
        samples.EnsureIndex(s => s.Owner);
        InitializeOutbox(db);
        _jobSeq = jobs.Query().OrderByDescending(j => j.Seq).Limit(1).ToList() is [var lastJob] ? lastJob.Seq : 0;
        _sampleSeq = samples.Query().OrderByDescending(s => s.Seq).Limit(1).ToList() is [var lastSample] ? lastSample.Seq : 0;

        InitializeSearch(db);
        if (db.UserVersion < SchemaVersion)
        {
            Upgrade(db);
            db.UserVersion = SchemaVersion;
        }

        _measurementSeq = LastMeasurementSeq(db);
    }

    /// <summary>Brings a file written by an earlier version to <see cref="SchemaVersion"/>; a new file passes through at once.</summary>
    void Upgrade(LiteDatabase db)
    {
        var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
        var upgraded = 0;
        var after = BsonValue.MinValue;
        while (true)
        {
            // A thousand at a time in _id order, so a large file is upgraded without holding it all in memory.
            var page = measurements.Query().Where(BsonExpression.Create("_id > @0", after)).OrderBy("_id").Limit(1000).ToList();
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Id;

            // One transaction per thousand rather than one per measurement (each commit writes the log).
            db.BeginTrans();
            foreach (var stored in page.Where(s => s.SK is not { Count: > 0 } || string.IsNullOrEmpty(s.TK)))
            {
                if (string.IsNullOrEmpty(stored.TK))
                {
                    stored.TK = SearchKeys.TimeKey(stored.Record.ReceivedAt, stored.Seq);
                    stored.IT = SearchKeys.InstrumentTime(stored.Record.InstrumentId, stored.TK);
                }

                stored.SK = [.. SearchKeys.Prefixes(stored.Record).Select(prefix => prefix + stored.TK)];
                foreach (var (key, units) in SearchKeys.NumericKeys(stored.Record))
                {
                    RememberUnits(db, key, units);
                }

                measurements.Update(stored);
                upgraded++;
            }

            db.Commit();
        }

        _unitsInTransaction.Clear();
        foreach (var redundant in new[] { "Seq", "RecordInstrumentId", "RecordOwner" })
        {
            measurements.DropIndex(redundant);
        }

        db.GetCollection<OutboxEntry>(OutboxCollection).DropIndex("Status");
        db.DropCollection("measurement_keys");
        if (upgraded > 0)
        {
            _logger.LogInformation("Store upgraded to layout {Version}: search keys of {Count} measurements moved onto them", SchemaVersion, upgraded);
        }
    }

    /// <summary>The highest arrival sequence stored, from the suffix of the newest time keys (read from the index alone).</summary>
    static long LastMeasurementSeq(LiteDatabase db)
    {
        // Time keys sort by receive time first; a clock set back can put a later sequence behind an earlier one, so look
        // at the newest thousand rather than the newest one.
        long last = 0;
        foreach (var entry in db.GetCollection(MeasurementsCollection).Query().OrderByDescending("$.TK").Select("$.TK").Limit(1000).ToDocuments())
        {
            if (entry.Values.FirstOrDefault() is { IsString: true } tk && SearchKeys.IsTimeKey(tk.AsString))
            {
                last = Math.Max(last, SearchKeys.SeqOf(tk.AsString));
            }
        }

        return last;
    }
}
