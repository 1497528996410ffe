using System.Diagnostics;

namespace SmartLab.Bench.Load;

/// <summary>
/// Subscribers that count every message they receive (acknowledging QoS 1 ones in batches) and, given the publisher's
/// <see cref="SeqClock"/>, record publish→delivery latency from the payload's <c>seq</c>.
/// </summary>
public sealed class SinkLoad : IMqttLoad
{
    sealed class State
    {
        public long Received;
        public readonly byte[] Acks = new byte[64 * 1024];
        public int AckLength;
    }

    readonly List<MqttConnection> _connections = [];
    volatile bool _recording;

    public long[]? SeqClock { get; set; }

    public LatencyHistogram Latency { get; private set; } = new();

    public bool Recording
    {
        get => _recording;
        set
        {
            if (value && !_recording)
            {
                Latency = new LatencyHistogram();
            }

            _recording = value;
        }
    }

    public IReadOnlyList<MqttConnection> Connections => _connections;

    public void Add(MqttConnection connection)
    {
        connection.Tag = new State();
        _connections.Add(connection);
        connection.Attach(this);
    }

    public long Received
    {
        get
        {
            long total = 0;
            foreach (var c in _connections)
            {
                total += Volatile.Read(ref ((State)c.Tag!).Received);
            }

            return total;
        }
    }

    public long MinReceived
    {
        get
        {
            var min = long.MaxValue;
            foreach (var c in _connections)
            {
                min = Math.Min(min, Volatile.Read(ref ((State)c.Tag!).Received));
            }

            return min == long.MaxValue ? 0 : min;
        }
    }

    public void OnPubAck(MqttConnection connection, ushort packetId, byte reason)
    {
    }

    public void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId)
    {
        var state = (State)connection.Tag!;
        Volatile.Write(ref state.Received, state.Received + 1);
        if (qos > 0)
        {
            if (state.Acks.Length - state.AckLength < 4)
            {
                connection.Send(state.Acks.AsSpan(0, state.AckLength));
                state.AckLength = 0;
            }

            state.AckLength += MqttWire.WritePubAck(state.Acks.AsSpan(state.AckLength), packetId);
        }

        if (_recording && SeqClock is { } clock && TelemetryPayloads.TryReadSeq(payload, out var seq))
        {
            Latency.RecordTicks(Stopwatch.GetTimestamp() - Volatile.Read(ref clock[seq & (clock.Length - 1)]));
        }
    }

    public void OnReceived(MqttConnection connection)
    {
        var state = (State)connection.Tag!;
        if (state.AckLength > 0)
        {
            connection.Send(state.Acks.AsSpan(0, state.AckLength));
            state.AckLength = 0;
        }
    }
}
