namespace SmartLab.Cli.Control;

/// <summary>A control lease taken from this machine, remembered so later commands can send its id.</summary>
/// <param name="Hub">The hub's base URL, as <see cref="Http.HubClient.BaseAddress"/> spells it.</param>
/// <param name="Account">Fingerprint of the token that took it (<see cref="Http.HubClient.TokenFingerprint"/>): another account on the same machine never sends it.</param>
/// <param name="Instrument">The instrument id.</param>
/// <param name="LeaseId">What goes into the <c>X-Lease-Id</c> header.</param>
/// <param name="ExpiresAt">When the hub said it ends unless renewed.</param>
/// <param name="Holder">The account the hub recorded as holder, for messages.</param>
/// <param name="Purpose">What it was taken for, for messages.</param>
internal sealed record StoredLease(string Hub, string Account, string Instrument, string LeaseId, DateTimeOffset ExpiresAt,
    string? Holder = null, string? Purpose = null)
{
    public bool IsFor(string hub, string account, string instrument) =>
        Hub == hub && Account == account && Instrument == instrument;
}
