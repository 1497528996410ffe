using System.Diagnostics;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// One publisher's stream on one connection: builds PUBLISH packets into a reusable buffer, sends them in one write,
/// stamps each QoS 1 packet id with its send time and counts what was sent, acknowledged and refused. Everything but
/// the counters runs on the generator loop's thread.
/// </summary>
public sealed class PublisherLane
{
    const ushort MaxLoadPacketId = 59_999; // ids above belong to the connection's setup steps

    readonly long[] _sentAt = new long[65_536];
    readonly ushort[] _unstamped = new ushort[65_536];
    readonly byte[] _topic;
    readonly byte[] _payload;
    readonly IPayloadSource _payloads;
    readonly int _maxPacket;
    byte[] _buffer = new byte[128 * 1024];
    int _length;
    int _bufferedMessages;
    int _unstampedCount;
    ushort _nextId;
    int _inFlight;
    long _sent;
    long _acked;
    long _rejected;

    public PublisherLane(MqttConnection connection, string topic, IPayloadSource payloads)
    {
        Connection = connection;
        _topic = Encoding.UTF8.GetBytes(topic);
        _payloads = payloads;
        _payload = new byte[payloads.MaxLength];
        _maxPacket = MqttWire.PublishOverhead(_topic.Length) + payloads.MaxLength;
    }

    public MqttConnection Connection { get; }

    /// <summary>Sequence number of the next message (continues across phases so the hub sees no gaps).</summary>
    public long NextSeq { get; private set; }

    /// <summary>When set, the send time of message <c>seq</c> is kept at <c>SeqClock[seq &amp; (Length - 1)]</c>.</summary>
    public long[]? SeqClock { get; set; }

    public int InFlight => Volatile.Read(ref _inFlight);
    public long Sent => Interlocked.Read(ref _sent);
    public long Acked => Interlocked.Read(ref _acked);
    public long Rejected => Interlocked.Read(ref _rejected);
    public int Buffered => _bufferedMessages;

    /// <summary>Builds the next message into the send buffer.</summary>
    public void Append(int qos)
    {
        if (_buffer.Length - _length < _maxPacket)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var payloadLength = _payloads.Write(_payload, NextSeq++);
        ushort id = 0;
        if (qos > 0)
        {
            id = _nextId = _nextId >= MaxLoadPacketId ? (ushort)1 : (ushort)(_nextId + 1);
            _unstamped[_unstampedCount++] = id;
            Interlocked.Increment(ref _inFlight);
        }

        _length += MqttWire.WritePublish(_buffer.AsSpan(_length), _topic, qos, false, id, _payload.AsSpan(0, payloadLength));
        _bufferedMessages++;
    }

    public void Flush()
    {
        if (_length == 0)
        {
            return;
        }

        Stamp();
        Connection.Send(_buffer.AsSpan(0, _length));
        MarkSent(_bufferedMessages);
    }

    void Stamp()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _unstampedCount; i++)
        {
            _sentAt[_unstamped[i]] = now;
        }

        _unstampedCount = 0;
        if (SeqClock is { } clock)
        {
            for (var seq = NextSeq - _bufferedMessages; seq < NextSeq; seq++)
            {
                clock[seq & (clock.Length - 1)] = now;
            }
        }
    }

    void MarkSent(int messages)
    {
        Interlocked.Add(ref _sent, messages);
        _length = 0;
        _bufferedMessages = 0;
    }

    /// <summary>Records the PUBACK of <paramref name="packetId"/>; returns the stopwatch ticks since it was sent.</summary>
    public long Acknowledge(ushort packetId, byte reason)
    {
        var elapsed = Stopwatch.GetTimestamp() - _sentAt[packetId];
        Interlocked.Decrement(ref _inFlight);
        if (reason >= 0x80)
        {
            Interlocked.Increment(ref _rejected);
        }
        else
        {
            Interlocked.Increment(ref _acked);
        }

        return elapsed;
    }
}
