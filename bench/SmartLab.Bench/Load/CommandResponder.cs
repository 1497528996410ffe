using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// An instrument that completes every command the moment it arrives: it acknowledges the request (QoS 1) and answers
/// on the request's <c>replyTo</c> topic with QoS 1, carrying the command id as MQTT 5 Correlation Data. The same agent
/// answers the hub and the direct requester on Mosquitto, so both sides pay for the same instrument. Called on each
/// connection's receive loop.
/// </summary>
public sealed class CommandResponder : IMqttLoad
{
    /// <summary>Packet ids of replies; those from 60,000 up are the connection's own setup steps.</summary>
    const ushort LastPacketId = 59_999;

    sealed class State
    {
        public byte[] Buffer = new byte[1024];
        public ushort NextPacketId;
    }

    long _answered;
    long _ignored;
    long _refused;

    /// <summary>Requests answered.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Messages that were not a readable command request (no <c>commandId</c> or <c>replyTo</c>).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Replies the broker refused (PUBACK reason 0x80 or above).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public void Add(MqttConnection connection)
    {
        connection.Tag = new State();
        connection.Attach(this);
    }

    public void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId)
    {
        var state = (State)connection.Tag!;
        if (qos > 0)
        {
            Span<byte> ack = stackalloc byte[4];
            MqttWire.WritePubAck(ack, packetId);
            connection.Send(ack);
        }

        var (commandId, replyTo) = CommandWire.ReadRequest(payload);
        if (commandId is null || replyTo is null)
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        var replyTopic = Encoding.UTF8.GetBytes(replyTo);
        var correlation = Encoding.UTF8.GetBytes(commandId);
        var reply = CommandWire.CompletedReply(commandId);
        var length = CommandWire.Overhead(replyTopic.Length, 0, correlation.Length) + reply.Length;
        if (state.Buffer.Length < length)
        {
            state.Buffer = new byte[length * 2];
        }

        state.NextPacketId = state.NextPacketId >= LastPacketId ? (ushort)1 : (ushort)(state.NextPacketId + 1);
        var written = CommandWire.WritePublish(state.Buffer, replyTopic, 1, state.NextPacketId, [], correlation, reply);
        connection.Send(state.Buffer.AsSpan(0, written));
        Interlocked.Increment(ref _answered);
    }

    public void OnPubAck(MqttConnection connection, ushort packetId, byte reason)
    {
        if (reason >= 0x80)
        {
            Interlocked.Increment(ref _refused);
        }
    }

    public void OnReceived(MqttConnection connection)
    {
    }
}
