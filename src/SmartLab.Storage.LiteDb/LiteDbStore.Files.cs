using LiteDB;
using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb;

public sealed partial class LiteDbStore
{
    const string FileStorageFiles = "_blobs";
    const string FileStorageChunks = "_blob_chunks";

    /// <summary>
    /// Stores a verified file and marks it stored on every measurement of this instrument that lists it.
    /// Storing the same file again is a no-op that reports <see cref="StoreOutcome.Duplicate"/>.
    /// </summary>
    public async Task<StoreOutcome> AddFileAsync(StoredFile file, ReadOnlyMemory<byte> content, string? measurementId,
        CancellationToken cancellationToken = default)
    {
        var outcome = await WriteAsync(db =>
        {
            file.Id = StoredFile.Key(file.InstrumentId, file.FileId);
            var files = db.GetCollection<StoredFile>(FilesCollection);
            if (files.Exists(BsonExpression.Create("_id = @0", file.Id)))
            {
                return StoreOutcome.Duplicate;
            }

            var storage = db.GetStorage<string>(FileStorageFiles, FileStorageChunks);
            using (var stream = new MemoryStream(content.ToArray(), writable: false))
            {
                storage.Upload(file.Id, file.Name, stream);
            }

            files.Insert(file);
            if (measurementId is not null && MarkFileStored(db, measurementId, file.FileId) is { } record)
            {
                AddOutboxEntryIfFinal(db, record, file.StoredAt);
            }

            return StoreOutcome.Stored;
        }, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreOutcome.Stored && measurementId is not null)
        {
            SignalOutbox();
        }

        return outcome;
    }

    /// <summary>Marks the file stored on the measurement; returns the updated measurement, or null when nothing changed.</summary>
    static MeasurementRecord? MarkFileStored(LiteDatabase db, string measurementId, string fileId)
    {
        var measurements = db.GetCollection<StoredMeasurement>(MeasurementsCollection);
        var stored = measurements.FindById(measurementId);
        var entry = stored?.Record.Files.FirstOrDefault(f => f.FileId == fileId);
        if (stored is not null && entry is { Stored: false })
        {
            entry.Stored = true;
            measurements.Update(stored);
            return stored.Record;
        }

        return null;
    }

    public StoredFile? GetFile(string instrumentId, string fileId) =>
        Read(db => db.GetCollection<StoredFile>(FilesCollection).FindById(StoredFile.Key(instrumentId, fileId)));

    /// <summary>Copies a stored file's bytes to <paramref name="destination"/>; false when there is no such file.</summary>
    public bool CopyFileTo(string instrumentId, string fileId, Stream destination) => Read(db =>
    {
        var storage = db.GetStorage<string>(FileStorageFiles, FileStorageChunks);
        var info = storage.FindById(StoredFile.Key(instrumentId, fileId));
        if (info is null)
        {
            return false;
        }

        info.CopyTo(destination);
        return true;
    });

    /// <summary>The files a measurement lists, for callers that need the measurement id of a file.</summary>
    public static MeasurementFile? FindListedFile(MeasurementRecord record, string fileId) =>
        record.Files.FirstOrDefault(f => f.FileId == fileId);

    /// <summary>The stored measurement of this instrument that lists <paramref name="fileId"/>, if any.</summary>
    public MeasurementRecord? FindMeasurementListingFile(string instrumentId, string fileId) => Read(db =>
        db.GetCollection<StoredMeasurement>(MeasurementsCollection)
            .FindOne(BsonExpression.Create("$.Record.InstrumentId = @0 AND $.Record.Files[*].FileId ANY = @1", instrumentId, fileId))
            ?.Record);
}
