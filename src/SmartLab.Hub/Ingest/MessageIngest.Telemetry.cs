using System.Text.Json;
using SmartLab.Domain.Validation;
using SmartLab.Hub.Instruments;

namespace SmartLab.Hub.Ingest;

public sealed partial class MessageIngest
{
    static readonly TimeSpan RebirthInterval = TimeSpan.FromSeconds(10);

    Rejection? OnTelemetry(InstrumentRuntime instrument, JsonElement root)
    {
        var record = instrument.Record;
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
        var values = root.GetProperty("values");
        var owner = $"profile `{profile.Key}`";
        var accepted = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            var channel = profile.FindChannel(property.Name);
            if (channel is null)
            {
                return new Rejection("undeclared_channel",
                    $"telemetry channel `{property.Name}` is not declared by {owner} (declared: {string.Join(", ", profile.Telemetry.Select(c => c.Name))})");
            }

            var error = ParameterValidator.CheckValue(channel.Name, channel.Type, channel.Unit, channel.Min, channel.Max, null,
                property.Value, $"telemetry channel `{channel.Name}`", owner);
            if (error is not null)
            {
                return new Rejection(error.Code, error.Message);
            }

            accepted[property.Name] = property.Value.Clone();
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
        history.Add(record.Id, ts, accepted);
        feed.Publish(record.Id, ts, accepted);
        return null;
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
