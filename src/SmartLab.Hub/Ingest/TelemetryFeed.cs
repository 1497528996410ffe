using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;

namespace SmartLab.Hub.Ingest;

/// <summary>A live reading, as the telemetry stream sends it to browsers.</summary>
public sealed record LiveReading(string InstrumentId, DateTimeOffset Ts, IReadOnlyDictionary<string, JsonElement> Values);

/// <summary>Fans accepted telemetry out to live listeners (SSE). A slow listener loses old readings, never the hub's time.</summary>
public sealed class TelemetryFeed
{
    readonly ConcurrentDictionary<string, ImmutableArray<Channel<LiveReading>>> _listeners = new(StringComparer.Ordinal);

    public void Publish(string instrumentId, DateTimeOffset ts, IReadOnlyDictionary<string, JsonElement> values)
    {
        if (!_listeners.TryGetValue(instrumentId, out var listeners) || listeners.IsEmpty)
        {
            return;
        }

        var reading = new LiveReading(instrumentId, ts, values);
        foreach (var listener in listeners)
        {
            listener.Writer.TryWrite(reading);
        }
    }

    public ChannelReader<LiveReading> Subscribe(string instrumentId, CancellationToken until)
    {
        var channel = Channel.CreateBounded<LiveReading>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        _listeners.AddOrUpdate(instrumentId, [channel], (_, list) => list.Add(channel));
        until.Register(() =>
        {
            _listeners.AddOrUpdate(instrumentId, [], (_, list) => list.Remove(channel));
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }
}
