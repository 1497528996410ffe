using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// The hub's side of a command done directly over a plain broker: publishes a request shaped like the hub's (QoS 1,
/// Response Topic and Correlation Data set, the same JSON fields) and waits for the reply on its response topic. One
/// request in flight. Timed like the hub times its own commands: from building the request to the awaiting code
/// resuming with the reply; the wire alone (request sent → reply parsed on the receive loop) is kept too.
/// </summary>
public sealed class CommandRequester : IMqttLoad
{
    const ushort LastPacketId = 59_999;

    readonly MqttConnection _connection;
    readonly byte[] _requestTopic;
    readonly string _replyTo;
    readonly byte[] _replyToBytes;
    byte[] _buffer = new byte[1024];
    ushort _nextPacketId;
    long _next;
    string? _waitingFor;
    TaskCompletionSource<long>? _reply;

    public CommandRequester(MqttConnection connection, string requestTopic, string replyTo)
    {
        _connection = connection;
        _requestTopic = Encoding.UTF8.GetBytes(requestTopic);
        _replyTo = replyTo;
        _replyToBytes = Encoding.UTF8.GetBytes(replyTo);
        connection.Attach(this);
    }

    /// <summary>
    /// Sends one <c>setSetpoint</c> request; returns, in stopwatch ticks, the round trip as the requesting code sees it
    /// and the wire's share of it.
    /// </summary>
    public async Task<(long RoundTripTicks, long WireTicks)> RequestAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var commandId = (++_next).ToString("D26", CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(
            $$"""{"v":1,"commandId":"{{commandId}}","name":"setSetpoint","parameters":{"temperature":300},"issuedBy":"staff:bench","replyTo":"{{_replyTo}}","deadline":"{{WallClock.Now()}}"}""");
        var correlation = Encoding.UTF8.GetBytes(commandId);
        var length = CommandWire.Overhead(_requestTopic.Length, _replyToBytes.Length, correlation.Length) + payload.Length;
        if (_buffer.Length < length)
        {
            _buffer = new byte[length * 2];
        }

        var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waitingFor, commandId);
        Volatile.Write(ref _reply, reply);
        _nextPacketId = _nextPacketId >= LastPacketId ? (ushort)1 : (ushort)(_nextPacketId + 1);
        var written = CommandWire.WritePublish(_buffer, _requestTopic, 1, _nextPacketId, _replyToBytes, correlation, payload);
        var sent = Stopwatch.GetTimestamp();
        _connection.Send(_buffer.AsSpan(0, written));
        var received = await reply.Task.WaitAsync(timeout).ConfigureAwait(false);
        return (Stopwatch.GetTimestamp() - started, received - sent);
    }

    public void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId)
    {
        var received = Stopwatch.GetTimestamp();
        if (qos > 0)
        {
            Span<byte> ack = stackalloc byte[4];
            MqttWire.WritePubAck(ack, packetId);
            connection.Send(ack);
        }

        var (commandId, _) = CommandWire.ReadRequest(payload);
        if (commandId is not null && commandId == Volatile.Read(ref _waitingFor) && Volatile.Read(ref _reply) is { } reply)
        {
            reply.TrySetResult(received);
        }
    }

    public void OnPubAck(MqttConnection connection, ushort packetId, byte reason)
    {
        if (reason >= 0x80)
        {
            Volatile.Read(ref _reply)?.TrySetException(new InvalidOperationException($"the broker refused a command request with reason 0x{reason:X2}"));
        }
    }

    public void OnReceived(MqttConnection connection)
    {
    }
}
