using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// The plain-broker stand-in for SSE listeners: MQTT subscribers, each following one instrument's telemetry topic, that
/// count readings and hand their timestamps to the <see cref="SseTelemetrySource"/> just as an <see cref="SseClient"/>
/// does. Called on each connection's receive loop.
/// </summary>
public sealed class SseMqttListeners(SseTelemetrySource source) : IMqttLoad
{
    sealed class Listener(int instrumentIndex)
    {
        public readonly int InstrumentIndex = instrumentIndex;
        public long Events;
    }

    readonly List<MqttConnection> _connections = [];
    long _unknown;

    public long Unknown => Interlocked.Read(ref _unknown);

    public void Add(MqttConnection connection, int instrumentIndex)
    {
        connection.Tag = new Listener(instrumentIndex);
        _connections.Add(connection);
        connection.Attach(this);
    }

    public IEnumerable<(int InstrumentIndex, long Events)> Counts =>
        _connections.Select(c => (Listener)c.Tag!).Select(l => (l.InstrumentIndex, Interlocked.Read(ref l.Events)));

    public void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId)
    {
        var received = Stopwatch.GetTimestamp();
        var listener = (Listener)connection.Tag!;
        Interlocked.Increment(ref listener.Events);
        var at = payload.IndexOf("\"ts\":\""u8);
        if (at < 0 || payload.Length < at + 6 + WallClock.TimestampLength
            || !DateTimeOffset.TryParseExact(Encoding.ASCII.GetString(payload.Slice(at + 6, WallClock.TimestampLength)), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts)
            || !source.Delivered(listener.InstrumentIndex, ts, received))
        {
            Interlocked.Increment(ref _unknown);
        }
    }

    public void OnPubAck(MqttConnection connection, ushort packetId, byte reason)
    {
    }

    public void OnReceived(MqttConnection connection)
    {
    }
}
