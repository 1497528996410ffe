using LiteDB;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Instruments;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Samples;
using SmartLab.Domain.Measurements;

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

    void InitializeSchema(LiteDatabase db)
    {

        var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
        measurements.EnsureIndex(m => m.Seq, unique: true);
        measurements.EnsureIndex(m => m.Record.InstrumentId);
        measurements.EnsureIndex(m => m.Record.SampleId);
        measurements.EnsureIndex(m => m.Record.JobId);
        measurements.EnsureIndex(m => m.Record.Owner);
        measurements.EnsureIndex("fileIds", "$.Record.Files[*].FileId");
        measurements.EnsureIndex("TK", "$.TK", unique: false);
        measurements.EnsureIndex("IT", "$.IT");
        measurements.EnsureIndex("owner_time", OwnerTimeExpression);

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

        _measurementSeq = measurements.Query().OrderByDescending(m => m.Seq).Limit(1).ToList() is [var last] ? last.Seq : 0;
        InitializeSearch(db);
    }
}
