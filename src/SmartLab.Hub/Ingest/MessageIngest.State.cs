using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartLab.Contracts.Json;
using SmartLab.Hub.Instruments;

namespace SmartLab.Hub.Ingest;

public sealed partial class MessageIngest
{
    async Task<Rejection?> OnStateAsync(InstrumentRuntime instrument, JsonElement root, CancellationToken cancellationToken)
    {
        var state = root.Deserialize(ProtocolJsonContext.Default.StatePayload)!;
        var id = instrument.Record.Id;
        var now = time.GetUtcNow();
        await instrument.StateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = instrument.Record;
            if (!state.Online)
            {
                if (state.Session != current.Session || !current.Online)
                {
                    // A late will of an earlier connection: the instrument has already been born again.
                    instrument.CountStaleWill();
                    logger.LogInformation("Ignored offline state of {Instrument} for session {Session} (current session {Current})",
                        id, state.Session, current.Session);
                    return null;
                }

                await registry.UpdateAsync(id, r =>
                {
                    r.Online = false;
                    r.LastSeenAt = now;
                }, cancellationToken).ConfigureAwait(false);
                await jobs.OnInstrumentChangedAsync(instrument.Record, cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (state.Session < current.Session)
            {
                // A birth comes from the live connection (the broker lets one connection per instrument publish), so it
                // wins even when its counter went backwards: a replaced disk or a deleted state folder restarts at 1.
                logger.LogWarning("Instrument {Instrument} was born with session {Session}, below the previous {Current}", id, state.Session, current.Session);
                _ = publisher.DiagnosticAsync(id, Contracts.Protocol.Topics.State(id), "session_regressed",
                    $"session {state.Session} is below the previous session {current.Session}; keep the session counter on disk so a late will of this session cannot be mistaken for an older one");
            }

            if (state.Status is null)
            {
                return new Rejection("invalid_payload", "an online state must carry `status`");
            }

            var profile = state.Profile is { } p ? profiles.Find(p.Id, p.Version) : null;
            var unusable = UnusableReason(current, state.Profile?.Id, state.Profile?.Version, profile);
            if (state.Session > current.Session)
            {
                instrument.LastSeq = -1;
            }

            // Data of an unusable instrument is refused, so never adopt a profile the registration does not allow.
            instrument.Profile = unusable is null ? profile : null;
            await registry.UpdateAsync(id, r =>
            {
                r.Online = true;
                r.Session = state.Session;
                r.Status = state.Status;
                r.ReportedProfileId = state.Profile?.Id;
                r.ReportedProfileVersion = state.Profile?.Version;
                r.AgentName = state.Agent?.Name;
                r.AgentVersion = state.Agent?.Version;
                r.UnusableReason = unusable;
                r.LastSeenAt = now;
            }, cancellationToken).ConfigureAwait(false);
            if (unusable is not null)
            {
                logger.LogWarning("Instrument {Instrument} is unusable: {Reason}", id, unusable);
            }

            await jobs.OnInstrumentChangedAsync(instrument.Record, cancellationToken).ConfigureAwait(false);
            return null;
        }
        finally
        {
            instrument.StateLock.Release();
        }
    }

    string? UnusableReason(Domain.Instruments.InstrumentRecord record, string? reportedId, string? reportedVersion,
        Domain.Profiles.DeviceProfile? found)
    {
        if (reportedId is null || reportedVersion is null)
        {
            return "the birth names no profile";
        }

        if (reportedId != record.ProfileId)
        {
            return $"the agent reports profile `{reportedId}` but the instrument is registered with `{record.ProfileId}`";
        }

        if (record.ProfileVersion is { } pinned && pinned != reportedVersion)
        {
            return $"the agent reports profile version {reportedVersion} but the instrument is registered for {pinned}";
        }

        if (found is null)
        {
            var loaded = profiles.All.Where(p => p.Id == reportedId).Select(p => p.Version).ToList();
            return loaded.Count == 0
                ? $"profile `{reportedId}` is not loaded by this hub"
                : $"profile `{reportedId}@{reportedVersion}` is not loaded by this hub (loaded: {string.Join(", ", loaded)})";
        }

        return null;
    }
}
