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
    public async Task<StoreOutcome> AddMeasurementAsync(MeasurementRecord record, CancellationToken cancellationToken = default)
    {
        var outcome = await WriteAsync(db =>
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

            var stored = new StoredMeasurement { Id = record.Id, Seq = ++_measurementSeq, Record = record };
            SetTimeKeys(stored);
            measurements.Insert(stored);
            IndexForSearch(db, stored);
            AddOutboxEntryIfFinal(db, record, record.ReceivedAt);
            return StoreOutcome.Stored;
        }, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreOutcome.Stored && record.JobId is null)
        {
            SignalOutbox();
        }

        return outcome;
    }

    // FindById writes the id into the expression text, so LiteDB parses a new expression for every call; a parameter does not.
    public MeasurementRecord? GetMeasurement(string id) =>
        Read(db => db.GetCollection<StoredMeasurement>(MeasurementsCollection).FindOne(BsonExpression.Create("_id = @0", id))?.Record);

    public long CountMeasurements() => Read(db => (long)db.GetCollection<StoredMeasurement>(MeasurementsCollection).Count());
}
