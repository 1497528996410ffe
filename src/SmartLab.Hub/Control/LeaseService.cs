using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Control;
using SmartLab.Hub.Jobs;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Control;

/// <summary>
/// Control leases: at most one per instrument, taken by staff for remote operation. Changes to one instrument's lease
/// are serialised, so of two concurrent requests exactly one wins. An expired lease counts as absent at once; the
/// sweeper then records its end. Every action is in the audit log, in the same transaction as the change.
/// </summary>
public sealed class LeaseService(LiteDbStore store, TimeProvider time, ILogger<LeaseService> logger)
{
    public const int DefaultSeconds = 300;
    public const int MaxSeconds = 3600;

    readonly ConcurrentDictionary<string, ControlLease> _leases = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Raised after an instrument's lease ended or changed hands (the job scheduler may use the instrument again).</summary>
    public event Action<string>? Changed;

    public sealed record Outcome(ControlLease? Lease, int Status, string? Code = null, string? Message = null)
    {
        public bool Ok => Code is null;
    }

    public void Load()
    {
        foreach (var lease in store.ListLeases())
        {
            _leases[lease.Id] = lease;
        }
    }

    /// <summary>The instrument's active lease, or null (expired leases count as none).</summary>
    public ControlLease? Current(string instrumentId) =>
        _leases.TryGetValue(instrumentId, out var lease) && lease.IsActive(time.GetUtcNow()) ? lease : null;

    public async Task<Outcome> AcquireAsync(string instrumentId, Caller caller, string? purpose, int? seconds, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(instrumentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var duration = TimeSpan.FromSeconds(seconds ?? DefaultSeconds);
            if (Current(instrumentId) is { } held)
            {
                if (held.Holder != caller.Id)
                {
                    return new Outcome(held, 409, "lease_held",
                        $"instrument `{instrumentId}` is under the control of {held.Holder} ({held.Purpose ?? "no purpose given"}) until {held.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}");
                }

                var renewed = Copy(held, now + duration);
                await SaveAsync(instrumentId, renewed, caller, "lease.renew", $"until {renewed.ExpiresAt:O}", cancellationToken).ConfigureAwait(false);
                return new Outcome(renewed, 200);
            }

            var lease = new ControlLease
            {
                Id = instrumentId,
                LeaseId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                Holder = caller.Id,
                HolderRole = caller.Role,
                Purpose = purpose,
                AcquiredAt = now,
                ExpiresAt = now + duration,
            };
            await SaveAsync(instrumentId, lease, caller, "lease.acquire", $"{purpose ?? "no purpose"}; until {lease.ExpiresAt:O}", cancellationToken)
                .ConfigureAwait(false);
            return new Outcome(lease, 201);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<Outcome> RenewAsync(string instrumentId, string? leaseId, Caller caller, int? seconds, CancellationToken cancellationToken) =>
        await ChangeAsync(instrumentId, leaseId, caller, breakIt: false, async (held, now) =>
        {
            var renewed = Copy(held, now + TimeSpan.FromSeconds(seconds ?? DefaultSeconds));
            await SaveAsync(instrumentId, renewed, caller, "lease.renew", $"until {renewed.ExpiresAt:O}", cancellationToken).ConfigureAwait(false);
            return new Outcome(renewed, 200);
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Ends a lease: its holder with the lease id, or an admin breaking it (<paramref name="breakIt"/>).</summary>
    public async Task<Outcome> ReleaseAsync(string instrumentId, string? leaseId, Caller caller, bool breakIt, CancellationToken cancellationToken) =>
        await ChangeAsync(instrumentId, leaseId, caller, breakIt, async (held, _) =>
        {
            await SaveAsync(instrumentId, null, caller, breakIt ? "lease.break" : "lease.release",
                breakIt ? $"broke the lease of {held.Holder} ({held.Purpose ?? "no purpose given"})" : null, cancellationToken).ConfigureAwait(false);
            return new Outcome(null, 204);
        }, cancellationToken).ConfigureAwait(false);

    async Task<Outcome> ChangeAsync(string instrumentId, string? leaseId, Caller caller, bool breakIt,
        Func<ControlLease, DateTimeOffset, Task<Outcome>> change, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(instrumentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (Current(instrumentId) is not { } held)
            {
                return new Outcome(null, 404, "no_lease", $"instrument `{instrumentId}` has no active control lease");
            }

            if (breakIt)
            {
                return caller.Role == Roles.Admin
                    ? await change(held, now).ConfigureAwait(false)
                    : new Outcome(held, 403, "forbidden", "only an admin can break another person's lease");
            }

            if (held.Holder != caller.Id || held.LeaseId != leaseId)
            {
                return new Outcome(held, 409, "lease_not_yours",
                    $"the lease on `{instrumentId}` is held by {held.Holder}{(held.Holder == caller.Id ? " under another lease id (send X-Lease-Id)" : "")}");
            }

            return await change(held, now).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records the end of leases that ran out (called periodically).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (instrumentId, lease) in _leases)
        {
            if (lease.IsActive(now))
            {
                continue;
            }

            var gate = _gates.GetOrAdd(instrumentId, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_leases.TryGetValue(instrumentId, out var still) && still == lease)
                {
                    logger.LogInformation("Lease of {Holder} on {Instrument} expired", lease.Holder, instrumentId);
                    await SaveAsync(instrumentId, null, new Caller("hub", "hub"), "lease.expire", $"lease of {lease.Holder} ran out", cancellationToken)
                        .ConfigureAwait(false);
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }

    async Task SaveAsync(string instrumentId, ControlLease? lease, Caller actor, string action, string? details, CancellationToken cancellationToken)
    {
        await store.SaveLeaseAsync(instrumentId, lease, new AuditEntry
        {
            Ts = time.GetUtcNow(),
            Actor = actor.Role == "hub" ? "hub" : actor.Actor,
            Action = action,
            InstrumentId = instrumentId,
            Target = lease?.LeaseId ?? instrumentId,
            Details = details,
        }, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            _leases.TryRemove(instrumentId, out _);
        }
        else
        {
            _leases[instrumentId] = lease;
        }

        Changed?.Invoke(instrumentId);
    }

    static ControlLease Copy(ControlLease lease, DateTimeOffset expiresAt) => new()
    {
        Id = lease.Id,
        LeaseId = lease.LeaseId,
        Holder = lease.Holder,
        HolderRole = lease.HolderRole,
        Purpose = lease.Purpose,
        AcquiredAt = lease.AcquiredAt,
        ExpiresAt = expiresAt,
    };
}
