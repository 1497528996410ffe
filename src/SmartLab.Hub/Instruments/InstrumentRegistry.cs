using System.Collections.Concurrent;
using SmartLab.Domain.Instruments;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Instruments;

/// <summary>
/// Registered instruments, loaded from the store at start and kept in memory for the per-message path; every change is
/// written through the store's writer before it is visible here.
/// </summary>
public sealed class InstrumentRegistry
{
    readonly LiteDbStore _store;
    readonly ConcurrentDictionary<string, InstrumentRuntime> _instruments = new(StringComparer.Ordinal);
    long _versions;

    public InstrumentRegistry(LiteDbStore store)
    {
        _store = store;
        foreach (var record in store.ListInstruments())
        {
            // Nobody is connected to a hub that has just started.
            record.Online = false;
            _instruments[record.Id] = new InstrumentRuntime(record);
        }
    }

    public InstrumentRuntime? Find(string id) => _instruments.GetValueOrDefault(id);

    public IEnumerable<InstrumentRuntime> All => _instruments.Values.OrderBy(i => i.Record.Id, StringComparer.Ordinal);

    public int Count => _instruments.Count;

    public bool Authenticate(string instrumentId, ReadOnlySpan<byte> secret) =>
        _instruments.TryGetValue(instrumentId, out var instrument) && Secrets.Verify(instrument.Record.SecretHash, secret);

    /// <summary>Registers a new instrument and returns its secret (shown once); null when the id is taken.</summary>
    public async Task<string?> RegisterAsync(InstrumentRecord record, CancellationToken cancellationToken)
    {
        var secret = Secrets.Generate();
        record.SecretHash = Secrets.Hash(secret);
        if (!await _store.AddInstrumentAsync(record, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        _instruments[record.Id] = new InstrumentRuntime(record);
        return secret;
    }

    /// <summary>Issues a new secret; the old one stops working for new connections at once.</summary>
    public async Task<string?> RotateSecretAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = Secrets.Generate();
        var hash = Secrets.Hash(secret);
        return await UpdateAsync(id, r =>
        {
            r.SecretHash = hash;
            r.CredentialsRotatedAt = now;
        }, cancellationToken).ConfigureAwait(false) ? secret : null;
    }

    /// <summary>Changes the stored record (committed first), then the in-memory copy.</summary>
    public async Task<bool> UpdateAsync(string id, Action<InstrumentRecord> change, CancellationToken cancellationToken)
    {
        if (!_instruments.TryGetValue(id, out var runtime))
        {
            return false;
        }

        InstrumentRecord? updated = null;
        long version = 0;
        var stored = await _store.UpdateInstrumentAsync(id, r =>
        {
            change(r);
            updated = r;
            version = Interlocked.Increment(ref _versions); // runs on the writer thread, in commit order
        }, cancellationToken).ConfigureAwait(false);
        if (stored && updated is not null)
        {
            runtime.Replace(updated, version);
        }

        return stored;
    }
}
