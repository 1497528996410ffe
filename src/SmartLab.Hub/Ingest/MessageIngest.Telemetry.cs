using System.Text.Json;
using SmartLab.Domain.Profiles;
using SmartLab.Domain.Validation;
using SmartLab.Hub.Instruments;

namespace SmartLab.Hub.Ingest;

public sealed partial class MessageIngest
{
    static readonly TimeSpan RebirthInterval = TimeSpan.FromSeconds(10);

    Rejection? OnTelemetry(InstrumentRuntime instrument, JsonElement root)
    {
        var record = instrument.Record;
        if (record.UnusableReason is { } reason)
        {
            return new Rejection("instrument_unusable", $"instrument `{record.Id}` is unusable: {reason}");
        }

        var profile = instrument.Profile ?? profiles.Find(record.ProfileId, record.ProfileVersion);
        if (!record.Online)
        {
            // The hub has not seen this session's birth (it restarted, or the birth was lost): ask for it.
            RequestRebirth(instrument);
        }

        if (profile is null)
        {
            return new Rejection("unknown_profile", $"profile `{record.ProfileId}` of instrument `{record.Id}` is not loaded by this hub");
        }

        var seq = root.GetProperty("seq").GetInt64();
        var ts = root.GetProperty("ts").GetDateTimeOffset();
        // One copy of the readings outlives the message buffer (last values, live feed), not one per reading.
        var values = root.GetProperty("values").Clone();
        var accepted = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Rejection? firstProblem = null;
        var dropped = 0;
        foreach (var property in values.EnumerateObject())
        {
            var problem = CheckReading(profile, property);
            if (problem is null)
            {
                accepted[property.Name] = property.Value;
                continue;
            }

            // A bad reading is dropped on its own: the message's other readings are still good data.
            firstProblem ??= problem;
            dropped++;
        }

        if (firstProblem is not null)
        {
            // One diagnostic per message, however many readings were bad.
            var summary = dropped == 1 ? firstProblem : firstProblem with { Message = $"{firstProblem.Message} (and {dropped - 1} more readings dropped)" };
            if (accepted.Count == 0)
            {
                return summary; // Nothing usable: the whole message is rejected (and counted there).
            }

            instrument.CountTelemetryRejected();
            _ = publisher.DiagnosticAsync(record.Id, Contracts.Protocol.Topics.Telemetry(record.Id), summary.Code, summary.Message);
        }

        lock (instrument.Gate)
        {
            if (instrument.LastSeq >= 0 && seq > instrument.LastSeq + 1)
            {
                instrument.CountSeqGap(seq - instrument.LastSeq - 1);
            }

            instrument.LastSeq = seq;
        }

        instrument.TelemetryStored(ts, accepted);
        // History is bucketed by the hub's clock: an agent's clock may be wrong, and must not scatter or date its history.
        history.Add(record.Id, time.GetUtcNow(), accepted);
        feed.Publish(record.Id, ts, accepted);
        return null;
    }

    /// <summary>Null for a good reading; messages are only built for bad ones (this runs for every reading).</summary>
    static Rejection? CheckReading(DeviceProfile profile, JsonProperty reading)
    {
        var channel = profile.FindChannel(reading.Name);
        if (channel is not null && ParameterValidator.Accepts(channel.Type, channel.Min, channel.Max, null, reading.Value))
        {
            return null;
        }

        var owner = $"profile `{profile.Key}`";
        if (channel is null)
        {
            return new Rejection("undeclared_channel",
                $"telemetry channel `{reading.Name}` is not declared by {owner} (declared: {string.Join(", ", profile.Telemetry.Select(c => c.Name))})");
        }

        var error = ParameterValidator.CheckValue(channel.Name, channel.Type, channel.Unit, channel.Min, channel.Max, null,
            reading.Value, $"telemetry channel `{channel.Name}`", owner);
        return error is null ? null : new Rejection(error.Code, error.Message);
    }

    void RequestRebirth(InstrumentRuntime instrument)
    {
        var now = time.GetUtcNow();
        lock (instrument.Gate)
        {
            if (instrument.LastRebirthRequest is { } last && now - last < RebirthInterval)
            {
                return;
            }

            instrument.LastRebirthRequest = now;
        }

        _ = publisher.RebirthAsync(instrument.Record.Id);
    }
}
