using SmartLab.Domain.Accounts;

namespace SmartLab.Storage.LiteDb;

public sealed partial class LiteDbStore
{
    public Task UpsertAccountAsync(Account account, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.GetCollection<Account>(AccountsCollection).Upsert(account), cancellationToken);

    public Account? FindAccountByTokenHash(string tokenHash) =>
        Read(db => db.GetCollection<Account>(AccountsCollection).FindOne(a => a.TokenHash == tokenHash));

    public Account? GetAccount(string id) => Read(db => db.GetCollection<Account>(AccountsCollection).FindById(id));

    public IReadOnlyList<Account> ListAccounts() =>
        Read(db => db.GetCollection<Account>(AccountsCollection).FindAll().ToList());

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.GetCollection<AuditEntry>(AuditCollection).Insert(entry), cancellationToken);

    public IReadOnlyList<AuditEntry> QueryAudit(string? instrumentId, string? actor, DateTimeOffset? from, DateTimeOffset? to,
        int limit = 500) => Read(db =>
    {
        var q = db.GetCollection<AuditEntry>(AuditCollection).Query();
        if (instrumentId is not null)
        {
            q = q.Where(a => a.InstrumentId == instrumentId);
        }

        if (actor is not null)
        {
            q = q.Where(a => a.Actor == actor);
        }

        if (from is { } f)
        {
            q = q.Where(a => a.Ts >= f);
        }

        if (to is { } t)
        {
            q = q.Where(a => a.Ts < t);
        }

        return (IReadOnlyList<AuditEntry>)q.OrderByDescending(a => a.Id).Limit(limit).ToList();
    });
}
