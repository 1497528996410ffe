using LiteDB;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Control;

namespace SmartLab.Storage.LiteDb;

public sealed partial class LiteDbStore
{
    internal const string LeasesCollection = "control_leases";

    public IReadOnlyList<ControlLease> ListLeases() =>
        Read(db => (IReadOnlyList<ControlLease>)db.GetCollection<ControlLease>(LeasesCollection).FindAll().ToList());

    /// <summary>Stores (or, with null, deletes) an instrument's lease and its audit entry in one transaction.</summary>
    public Task SaveLeaseAsync(string instrumentId, ControlLease? lease, AuditEntry audit, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            var leases = db.GetCollection<ControlLease>(LeasesCollection);
            if (lease is null)
            {
                leases.Delete(instrumentId);
            }
            else
            {
                leases.Upsert(lease);
            }

            db.GetCollection<AuditEntry>(AuditCollection).Insert(audit);
            return true;
        }, cancellationToken);
}
