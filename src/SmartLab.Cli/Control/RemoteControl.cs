using System.Text.Json;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Control;

/// <summary>
/// Remote operation of one hub's instruments by staff: leases (taken, renewed, released, remembered in the
/// <see cref="LeaseFile"/>) and commands. A lease id given on the command line wins over the stored one; a stored id the
/// hub no longer accepts is forgotten, so the next command says plainly that a lease is needed.
/// </summary>
internal sealed class RemoteControl(HubClient hub, LeaseFile leases, TextWriter warnings)
{
    /// <summary>Problem codes saying a lease id is dead: forget it if it came from the file.</summary>
    static readonly HashSet<string> StaleLeaseCodes = new(StringComparer.Ordinal) { "no_lease", "lease_not_yours", "lease_expired" };

    /// <summary>Failures after which nothing can have left this machine, so a command certainly did not run.</summary>
    static readonly HashSet<HttpRequestError> NothingSent =
        [HttpRequestError.NameResolutionError, HttpRequestError.ConnectionError, HttpRequestError.SecureConnectionError, HttpRequestError.ProxyTunnelError];

    string Account => hub.TokenFingerprint;

    public StoredLease? Stored(string instrument) => leases.Find(hub.BaseAddress, Account, instrument);

    /// <summary>Takes (or, when already held, renews) the lease and stores its id.</summary>
    public async Task<(LeaseView Lease, bool Renewed)> AcquireAsync(string instrument, string? purpose, int? durationSeconds, CancellationToken cancellationToken)
    {
        var (lease, renewed) = await hub.AcquireLeaseAsync(instrument, new AcquireLeaseRequest(purpose, durationSeconds), cancellationToken);
        await RememberAsync(instrument, lease, cancellationToken);
        return (lease, renewed);
    }

    public async Task<LeaseView> RenewAsync(string instrument, string? leaseId, int? durationSeconds, CancellationToken cancellationToken)
    {
        var (id, stored) = LeaseFor(instrument, leaseId, "renew");
        var lease = await ForgetIfStaleAsync(instrument, stored, () => hub.RenewLeaseAsync(instrument, id, new RenewLeaseRequest(durationSeconds), cancellationToken), cancellationToken);

        // The hub renews only for the holder, so an id given with --lease is now known to be this account's too.
        await RememberAsync(instrument, lease, cancellationToken);
        return lease;
    }

    /// <summary>Gives the lease back, or with <paramref name="breakLease"/> (admin) ends whoever's lease it is. Returns the id released, or null for a break.</summary>
    public async Task<string?> ReleaseAsync(string instrument, string? leaseId, bool breakLease, CancellationToken cancellationToken)
    {
        if (breakLease)
        {
            await hub.ReleaseLeaseAsync(instrument, null, cancellationToken);
            await ForgetAsync(instrument, cancellationToken);
            return null;
        }

        var (id, stored) = LeaseFor(instrument, leaseId, "release");
        await ForgetIfStaleAsync(instrument, stored, async () =>
        {
            await hub.ReleaseLeaseAsync(instrument, id, cancellationToken);
            return true;
        }, cancellationToken);

        // One lease per instrument: whatever was stored for it is over now.
        await ForgetAsync(instrument, cancellationToken);
        return id;
    }

    /// <summary>
    /// Sends one command, exactly once. Without <paramref name="leaseId"/> the stored lease is sent, and without either
    /// no lease header at all: commands the profile always allows (an emergency stop) need none.
    /// </summary>
    public async Task<CommandResultView> SendAsync(string instrument, string command, JsonElement? parameters, string? leaseId, CancellationToken cancellationToken)
    {
        var stored = leaseId is null ? Stored(instrument) : null;
        var id = leaseId ?? stored?.LeaseId;
        try
        {
            return await ForgetIfStaleAsync(instrument, stored is not null,
                () => hub.SendCommandAsync(instrument, command, parameters, id, cancellationToken), cancellationToken);
        }
        catch (HubUnreachableException e) when (!(e.InnerException is HttpRequestException { HttpRequestError: var error } && NothingSent.Contains(error)))
        {
            // The request may have reached the hub and the agent: only the instrument knows. Never send it again blindly.
            throw new CliException($"{e.Message}; `{command}` may or may not have run on {instrument}: check the instrument before sending it again",
                ExitCodes.Failed, e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"interrupted while waiting for the answer; `{command}` may still run on {instrument}: check the instrument before sending it again",
                ExitCodes.Interrupted, e);
        }
    }

    (string Id, bool Stored) LeaseFor(string instrument, string? leaseId, string action)
    {
        if (leaseId is not null)
        {
            return (leaseId, false);
        }

        return Stored(instrument) is { } stored
            ? (stored.LeaseId, true)
            : throw new UsageException($"no lease on {instrument} is stored for this hub and account in {leases.Path}; " +
                $"pass --lease <leaseId> to {action} one taken elsewhere, or take one with: smartlab control acquire {instrument}");
    }

    async Task<T> ForgetIfStaleAsync<T>(string instrument, bool stored, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HubProblemException e) when (stored && e.Problem.Code is { } code && StaleLeaseCodes.Contains(code))
        {
            await ForgetAsync(instrument, cancellationToken);
            throw;
        }
    }

    async Task RememberAsync(string instrument, LeaseView lease, CancellationToken cancellationToken)
    {
        try
        {
            await leases.SaveAsync(new StoredLease(hub.BaseAddress.AbsoluteUri, Account, instrument, lease.LeaseId, lease.ExpiresAt, lease.Holder, lease.Purpose),
                cancellationToken);
        }
        catch (CliException e)
        {
            // The hub granted the lease: report it rather than fail, and say how to use it without the file.
            warnings.WriteLine($"warning: {e.Message}; pass --lease {lease.LeaseId} to later control commands");
        }
    }

    async Task ForgetAsync(string instrument, CancellationToken cancellationToken)
    {
        if (Stored(instrument) is null)
        {
            return;
        }

        try
        {
            await leases.RemoveAsync(hub.BaseAddress, Account, instrument, cancellationToken);
        }
        catch (CliException e)
        {
            warnings.WriteLine("warning: " + e.Message);
        }
    }
}
