using SmartLab.Domain.Instruments;

namespace SmartLab.Storage.LiteDb;

public sealed partial class LiteDbStore
{
    /// <summary>Inserts a new instrument; false if the id is taken.</summary>
    public Task<bool> AddInstrumentAsync(InstrumentRecord instrument, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.GetCollection<InstrumentRecord>(InstrumentsCollection).FindById(instrument.Id) is null
            && db.GetCollection<InstrumentRecord>(InstrumentsCollection).Insert(instrument) is not null, cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the stored instrument inside the writer; false if it does not exist.</summary>
    public Task<bool> UpdateInstrumentAsync(string id, Action<InstrumentRecord> change, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            var instruments = db.GetCollection<InstrumentRecord>(InstrumentsCollection);
            var instrument = instruments.FindById(id);
            if (instrument is null)
            {
                return false;
            }

            change(instrument);
            return instruments.Update(instrument);
        }, cancellationToken);

    public InstrumentRecord? GetInstrument(string id) =>
        Read(db => db.GetCollection<InstrumentRecord>(InstrumentsCollection).FindById(id));

    public IReadOnlyList<InstrumentRecord> ListInstruments() =>
        Read(db => db.GetCollection<InstrumentRecord>(InstrumentsCollection).FindAll().OrderBy(i => i.Id, StringComparer.Ordinal).ToList());
}
