using LiteDB;
using SmartLab.Domain.Measurements;
using SmartLab.Storage.LiteDb.Internal;

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
        // Mapping and key building happen here, on the caller's thread: the single writer thread only inserts.
        var document = _mapper.ToDocument(new StoredMeasurement { Id = record.Id, Record = record });
        var searchPrefixes = SearchKeys.Prefixes(record).ToList();
        var numericKeys = SearchKeys.NumericKeys(record).ToList();
        var outboxDocument = record.JobId is null ? OutboxDocument(record.Id, Domain.Feed.OutboxKinds.Measurement, record.ReceivedAt) : null;
        StoreOutcome outcome;
        try
        {
            outcome = await WriteAsync(db =>
            {
                // Files may have arrived before the document that lists them.
                if (record.Files.Count > 0)
                {
                    var fileDocuments = document["Record"]["Files"].AsArray;
                    for (var i = 0; i < record.Files.Count; i++)
                    {
                        var stored = IdLookup.Exists(db, FilesCollection, StoredFile.Key(record.InstrumentId, record.Files[i].FileId));
                        record.Files[i].Stored = stored;
                        fileDocuments[i]["Stored"] = stored;
                    }
                }

                var seq = ++_measurementSeq;
                var tk = SearchKeys.TimeKey(record.ReceivedAt, seq);
                document["Seq"] = seq;
                document["TK"] = tk;
                document["IT"] = SearchKeys.InstrumentTime(record.InstrumentId, tk);

                // No existence check first: a new id is the normal case, and the unique _id index refuses a repeat anyway
                // (the whole batch is then retried one write at a time, so only the repeat fails; see below).
                IndexForSearch(db, document, tk, searchPrefixes, numericKeys);
                db.GetCollection(MeasurementsCollection).Insert(document);
                AddOutboxEntryIfFinal(db, record, record.ReceivedAt, justInserted: true, outboxDocument);
                return StoreOutcome.Stored;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LiteException ex) when (IsDuplicateId(ex))
        {
            // The write ran alone when it failed, so the measurement that holds the id is committed and readable. LiteDB's
            // message names the index, not the collection: with no such measurement the repeated id was another
            // collection's (an outbox entry), and the measurement must not be reported as stored.
            if (GetMeasurement(record.Id) is not { } existing)
            {
                throw;
            }

            return existing.InstrumentId != record.InstrumentId ? StoreOutcome.Conflict : StoreOutcome.Duplicate;
        }

        if (outcome == StoreOutcome.Stored && record.JobId is null)
        {
            SignalOutbox();
        }

        return outcome;
    }

    public MeasurementRecord? GetMeasurement(string id) =>
        Read(db => db.GetCollection<StoredMeasurement>(MeasurementsCollection).FindOne(IdLookup.ById(id))?.Record);

    public long CountMeasurements() => Read(db => (long)db.GetCollection<StoredMeasurement>(MeasurementsCollection).Count());

    static bool IsDuplicateId(LiteException ex) =>
        ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY && ex.Message.Contains("'_id'", StringComparison.Ordinal);
}
