using System.Globalization;
using LiteDB;
using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb;

/// <summary>Outcome of storing a measurement.</summary>
public enum StoreOutcome
{
    Stored,

    /// <summary>A measurement with this id was already stored; nothing changed.</summary>
    Duplicate,

    /// <summary>Another instrument already stored a measurement with this id; nothing changed.</summary>
    Conflict,
}

public sealed partial class LiteDbStore
{
    /// <summary>Stores a measurement once per id; completes after the commit.</summary>
    public Task<StoreOutcome> AddMeasurementAsync(MeasurementRecord record, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
            if (measurements.FindById(record.Id) is { } existing)
            {
                return existing.Record.InstrumentId == record.InstrumentId ? StoreOutcome.Duplicate : StoreOutcome.Conflict;
            }

            // Files may have arrived before the document that lists them.
            var files = db.GetCollection<StoredFile>(FilesCollection);
            // Parameterised BsonExpressions: their text is constant, so LiteDB compiles each once (a value inside the text,
            // as Query.EQ writes it, or a LINQ predicate, costs a fresh compile on every write).
            foreach (var file in record.Files)
            {
                file.Stored = files.Exists(BsonExpression.Create("_id = @0", StoredFile.Key(record.InstrumentId, file.FileId)));
            }

            measurements.Insert(new StoredMeasurement { Id = record.Id, Seq = ++_measurementSeq, Record = record });
            return StoreOutcome.Stored;
        }, cancellationToken);

    public MeasurementRecord? GetMeasurement(string id) =>
        Read(db => db.GetCollection<StoredMeasurement>(MeasurementsCollection).FindById(id)?.Record);

    /// <summary>Lists measurements newest first; <c>NextCursor</c> is null on the last page.</summary>
    public (IReadOnlyList<MeasurementRecord> Items, string? NextCursor) QueryMeasurements(MeasurementQuery query) => Read(db =>
    {
        var q = db.GetCollection<StoredMeasurement>(MeasurementsCollection).Query();
        if (query.InstrumentId is { } instrument)
        {
            q = q.Where(m => m.Record.InstrumentId == instrument);
        }

        if (query.SampleId is { } sample)
        {
            q = q.Where(m => m.Record.SampleId == sample);
        }

        if (query.JobId is { } job)
        {
            q = q.Where(m => m.Record.JobId == job);
        }

        if (query.Method is { } method)
        {
            q = q.Where(m => m.Record.Method == method);
        }

        if (query.Owner is { } owner)
        {
            q = q.Where(m => m.Record.Owner == owner);
        }

        if (query.From is { } from)
        {
            q = q.Where(m => m.Record.ReceivedAt >= from);
        }

        if (query.To is { } to)
        {
            q = q.Where(m => m.Record.ReceivedAt < to);
        }

        if (query.Cursor is { } cursor && long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
        {
            q = q.Where(m => m.Seq < before);
        }

        var limit = Math.Clamp(query.Limit, 1, 1000);
        var page = q.OrderByDescending(m => m.Seq).Limit(limit + 1).ToList();
        var next = page.Count > limit ? page[limit - 1].Seq.ToString(CultureInfo.InvariantCulture) : null;
        return ((IReadOnlyList<MeasurementRecord>)page.Take(limit).Select(m => m.Record).ToList(), next);
    });

    public long CountMeasurements() => Read(db => (long)db.GetCollection<StoredMeasurement>(MeasurementsCollection).Count());
}
