using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// One MQTT 5 connection of the load generator: a socket, a receive loop that parses packets in place and hands them
/// to the current <see cref="IMqttLoad"/>, and serialized sends. Setup steps (birth, subscribe) wait for their own
/// acknowledgement; during a load phase acknowledgements go to the load.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    readonly Socket _socket;
    readonly SemaphoreSlim _sendGate = new(1, 1);
    byte[] _receive = new byte[64 * 1024];
    Task? _receiveLoop;
    TaskCompletionSource<byte>? _pending;
    ushort _pendingId;
    ushort _setupId = 60_000;
    volatile IMqttLoad? _load;
    long _lastSendTicks = Stopwatch.GetTimestamp();

    MqttConnection(Socket socket, string clientId)
    {
        _socket = socket;
        ClientId = clientId;
    }

    public string ClientId { get; }

    /// <summary>How many QoS 1 publishes the server accepts in flight (its CONNACK Receive Maximum).</summary>
    public ushort ReceiveMaximum { get; private set; }

    /// <summary>Per-connection state of the load that owns this connection.</summary>
    public object? Tag { get; set; }

    /// <summary>Why the connection ended, when it did.</summary>
    public string? ClosedReason { get; private set; }

    public bool IsOpen => ClosedReason is null;

    public long LastSendTicks => Interlocked.Read(ref _lastSendTicks);

    public static async Task<MqttConnection> ConnectAsync(int port, string clientId, string? username, string? password,
        ushort keepAliveSeconds, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveBufferSize = 256 * 1024;
        socket.SendBufferSize = 256 * 1024;
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        var connection = new MqttConnection(socket, clientId);
        try
        {
            await connection.SendAsync(MqttWire.Connect(clientId, username, password, keepAliveSeconds)).ConfigureAwait(false);
            var (reason, receiveMaximum) = await connection.ReadConnAckAsync(cancellationToken).ConfigureAwait(false);
            if (reason != 0)
            {
                throw new InvalidOperationException($"CONNECT of {clientId} refused with reason 0x{reason:X2}");
            }

            connection.ReceiveMaximum = receiveMaximum;
            connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    async Task<(byte, ushort)> ReadConnAckAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var read = await _socket.ReceiveAsync(_receive.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"connection of {ClientId} closed before CONNACK");
            }

            length += read;
            if (length >= 2 && MqttWire.TryReadVarInt(_receive.AsSpan(1, length - 1), out var remaining, out var size)
                && length >= 1 + size + remaining)
            {
                if (_receive[0] != MqttWire.Connack)
                {
                    throw new InvalidDataException($"expected CONNACK, got packet type 0x{_receive[0]:X2}");
                }

                var result = MqttWire.ReadConnAck(_receive.AsSpan(1 + size, remaining));
                if (length > 1 + size + remaining)
                {
                    throw new InvalidDataException("unexpected data after CONNACK");
                }

                return result;
            }
        }
    }

    /// <summary>Hands incoming acknowledgements and messages to <paramref name="load"/> (null: back to setup mode).</summary>
    public void Attach(IMqttLoad? load) => _load = load;

    public void Send(ReadOnlySpan<byte> data)
    {
        _sendGate.Wait();
        try
        {
            while (!data.IsEmpty)
            {
                data = data[_socket.Send(data)..];
            }

            Interlocked.Exchange(ref _lastSendTicks, Stopwatch.GetTimestamp());
        }
        catch (SocketException ex)
        {
            ClosedReason ??= ex.Message;
        }
        catch (ObjectDisposedException)
        {
            ClosedReason ??= "disposed";
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        await _sendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            while (!data.IsEmpty)
            {
                data = data[await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false)..];
            }

            Interlocked.Exchange(ref _lastSendTicks, Stopwatch.GetTimestamp());
        }
        catch (SocketException ex)
        {
            ClosedReason ??= ex.Message;
        }
        catch (ObjectDisposedException)
        {
            ClosedReason ??= "disposed";
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Publishes one message and, for QoS 1, waits for its PUBACK; throws when the broker refuses it.</summary>
    public async Task PublishAsync(string topic, string payload, int qos, bool retain, TimeSpan timeout)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        var packet = new byte[MqttWire.PublishOverhead(topicBytes.Length) + payloadBytes.Length];
        if (qos == 0)
        {
            var written = MqttWire.WritePublish(packet, topicBytes, 0, retain, 0, payloadBytes);
            await SendAsync(packet.AsMemory(0, written)).ConfigureAwait(false);
            return;
        }

        var id = NextSetupId();
        var ack = Expect(id);
        var length = MqttWire.WritePublish(packet, topicBytes, qos, retain, id, payloadBytes);
        await SendAsync(packet.AsMemory(0, length)).ConfigureAwait(false);
        var reason = await ack.WaitAsync(timeout).ConfigureAwait(false);
        if (reason >= 0x80)
        {
            throw new InvalidOperationException($"{ClientId}: publish to {topic} refused with reason 0x{reason:X2}");
        }
    }

    public async Task SubscribeAsync(string filter, int qos, TimeSpan timeout)
    {
        var id = NextSetupId();
        var ack = Expect(id);
        await SendAsync(MqttWire.Subscribe(id, filter, qos)).ConfigureAwait(false);
        var reason = await ack.WaitAsync(timeout).ConfigureAwait(false);
        if (reason >= 0x80)
        {
            throw new InvalidOperationException($"{ClientId}: subscription to {filter} refused with reason 0x{reason:X2}");
        }
    }

    // Setup packets use ids above those the loads use (1..59999), so a late load PUBACK never completes a setup step.
    ushort NextSetupId() => _setupId = _setupId >= 65_000 ? (ushort)60_000 : (ushort)(_setupId + 1);

    Task<byte> Expect(ushort id)
    {
        var source = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingId = id;
        Volatile.Write(ref _pending, source);
        return source.Task;
    }

    async Task ReceiveLoopAsync()
    {
        var length = 0;
        try
        {
            while (true)
            {
                if (length == _receive.Length)
                {
                    Array.Resize(ref _receive, _receive.Length * 2);
                }

                var read = await _socket.ReceiveAsync(_receive.AsMemory(length), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    ClosedReason ??= "closed by the broker";
                    break;
                }

                length += read;
                var consumed = ProcessPackets(length);
                _load?.OnReceived(this);
                if (consumed > 0)
                {
                    Buffer.BlockCopy(_receive, consumed, _receive, 0, length - consumed);
                    length -= consumed;
                }
            }
        }
        catch (SocketException ex)
        {
            ClosedReason ??= ex.Message;
        }
        catch (ObjectDisposedException)
        {
            ClosedReason ??= "disposed";
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentOutOfRangeException)
        {
            ClosedReason ??= $"unreadable data from the broker: {ex.Message}";
        }

        _pending?.TrySetException(new IOException($"connection of {ClientId} ended: {ClosedReason}"));
    }

    int ProcessPackets(int length)
    {
        var buffer = _receive.AsSpan(0, length);
        var position = 0;
        while (length - position >= 2)
        {
            if (!MqttWire.TryReadVarInt(buffer[(position + 1)..], out var remaining, out var size))
            {
                break;
            }

            var start = position + 1 + size;
            if (start + remaining > length)
            {
                if (1 + size + remaining > _receive.Length)
                {
                    Array.Resize(ref _receive, 1 + size + remaining);
                }

                break;
            }

            Dispatch(buffer[position], buffer.Slice(start, remaining));
            position = start + remaining;
        }

        return position;
    }

    void Dispatch(byte header, ReadOnlySpan<byte> body)
    {
        switch (header & 0xF0)
        {
            case MqttWire.PubAck:
            {
                var id = BinaryPrimitives.ReadUInt16BigEndian(body);
                var reason = body.Length >= 3 ? body[2] : (byte)0;
                if (!CompleteSetup(id, reason))
                {
                    _load?.OnPubAck(this, id, reason);
                }

                break;
            }

            case MqttWire.Publish:
            {
                var qos = (header >> 1) & 3;
                var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
                var topic = body.Slice(2, topicLength);
                var p = 2 + topicLength;
                ushort id = 0;
                if (qos > 0)
                {
                    id = BinaryPrimitives.ReadUInt16BigEndian(body[p..]);
                    p += 2;
                }

                p = MqttWire.SkipProperties(body, p);
                if (_load is { } load)
                {
                    load.OnPublish(this, topic, body[p..], qos, id);
                }
                else if (qos > 0)
                {
                    Span<byte> ack = stackalloc byte[4];
                    MqttWire.WritePubAck(ack, id);
                    Send(ack);
                }

                break;
            }

            case MqttWire.SubAck:
            {
                var id = BinaryPrimitives.ReadUInt16BigEndian(body);
                var p = MqttWire.SkipProperties(body, 2);
                CompleteSetup(id, p < body.Length ? body[p] : (byte)0x80);
                break;
            }

            case MqttWire.Disconnect:
                ClosedReason ??= $"DISCONNECT from the broker, reason 0x{(body.Length > 0 ? body[0] : 0):X2}";
                break;
        }
    }

    bool CompleteSetup(ushort id, byte reason)
    {
        if (id < 60_000 || Volatile.Read(ref _pending) is not { } pending || id != _pendingId)
        {
            return false;
        }

        _pending = null;
        pending.TrySetResult(reason);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (IsOpen)
        {
            await SendAsync(MqttWire.DisconnectNormal.ToArray()).ConfigureAwait(false);
        }

        ClosedReason ??= "closed by the generator";
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
        if (_receiveLoop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _sendGate.Dispose();
    }
}
