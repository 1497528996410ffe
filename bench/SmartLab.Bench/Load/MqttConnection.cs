using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// One MQTT 5 connection of the load generator. Incoming packets are parsed in place and handed to the current
/// <see cref="IMqttLoad"/>. A connection is driven either by the <see cref="GeneratorLoop"/> (load connections: non-blocking
/// reads on the loop's thread, writes that never block, the rest kept in an outbox the loop flushes) or by its own
/// asynchronous receive loop (idle instruments, which receive almost nothing). Setup steps (birth, subscribe) wait for
/// their own acknowledgement; during a load phase acknowledgements go to the load.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    const ushort FirstSetupId = 60_000;

    readonly Socket _socket;
    readonly GeneratorLoop? _loop;
    readonly Lock _sendGate = new();
    byte[] _receive = new byte[64 * 1024];
    int _received;
    byte[] _outbox = new byte[16 * 1024];
    int _outboxLength;
    Task? _receiveLoop;
    TaskCompletionSource<byte>? _pending;
    ushort _pendingId;
    ushort _setupId = FirstSetupId;
    volatile IMqttLoad? _load;
    long _lastSendTicks = Stopwatch.GetTimestamp();

    MqttConnection(Socket socket, string clientId, GeneratorLoop? loop)
    {
        _socket = socket;
        ClientId = clientId;
        _loop = loop;
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

    /// <summary>True while bytes wait in the outbox (the socket's send buffer was full).</summary>
    public bool IsBackedUp => Volatile.Read(ref _outboxLength) > 0;

    /// <summary>Connects and completes the MQTT handshake; with a <paramref name="loop"/> the loop drives the connection from then on.</summary>
    public static async Task<MqttConnection> ConnectAsync(int port, string clientId, string? username, string? password,
        ushort keepAliveSeconds, GeneratorLoop? loop, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveBufferSize = 256 * 1024;
        socket.SendBufferSize = 256 * 1024;
        var connection = new MqttConnection(socket, clientId, loop);
        try
        {
            byte reason;
            ushort receiveMaximum;
            if (loop is null)
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
                connection.Send(MqttWire.Connect(clientId, username, password, keepAliveSeconds));
                (reason, receiveMaximum) = await connection.ReadConnAckAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Only synchronous calls on a loop-driven socket: the first asynchronous one would register it with the
                // runtime's epoll thread, and every packet a peer sends would then pay for waking that thread.
                (reason, receiveMaximum) = await Task.Run(() =>
                {
                    socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
                    connection.Send(MqttWire.Connect(clientId, username, password, keepAliveSeconds));
                    socket.ReceiveTimeout = 30_000;
                    return connection.ReadConnAck();
                }, cancellationToken).ConfigureAwait(false);
            }
            if (reason != 0)
            {
                throw new InvalidOperationException($"CONNECT of {clientId} refused with reason 0x{reason:X2}");
            }

            connection.ReceiveMaximum = receiveMaximum;
            if (loop is null)
            {
                connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
            }
            else
            {
                socket.Blocking = false;
                loop.Add(connection);
            }

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
        while (true)
        {
            var read = await _socket.ReceiveAsync(_receive.AsMemory(_received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (TryTakeConnAck(read) is { } result)
            {
                return result;
            }
        }
    }

    (byte, ushort) ReadConnAck()
    {
        while (true)
        {
            if (TryTakeConnAck(_socket.Receive(_receive.AsSpan(_received))) is { } result)
            {
                return result;
            }
        }
    }

    (byte, ushort)? TryTakeConnAck(int read)
    {
        if (read == 0)
        {
            throw new IOException($"connection of {ClientId} closed before CONNACK");
        }

        _received += read;
        if (_received < 2 || !MqttWire.TryReadVarInt(_receive.AsSpan(1, _received - 1), out var remaining, out var size)
            || _received < 1 + size + remaining)
        {
            return null;
        }

        if (_receive[0] != MqttWire.Connack)
        {
            throw new InvalidDataException($"expected CONNACK, got packet type 0x{_receive[0]:X2}");
        }

        var result = MqttWire.ReadConnAck(_receive.AsSpan(1 + size, remaining));
        var consumed = 1 + size + remaining;
        Buffer.BlockCopy(_receive, consumed, _receive, 0, _received - consumed);
        _received -= consumed;
        return result;
    }

    /// <summary>Hands incoming acknowledgements and messages to <paramref name="load"/> (null: back to setup mode).</summary>
    public void Attach(IMqttLoad? load) => _load = load;

    /// <summary>
    /// Sends from any thread. A loop-driven connection writes what the socket takes now and queues the rest for the
    /// loop; an asynchronous one blocks until everything is written.
    /// </summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        lock (_sendGate)
        {
            if (!IsOpen)
            {
                return;
            }

            Interlocked.Exchange(ref _lastSendTicks, Stopwatch.GetTimestamp());
            if (_outboxLength == 0)
            {
                data = data[WriteNow(data)..];
            }

            if (!data.IsEmpty)
            {
                if (_outbox.Length - _outboxLength < data.Length)
                {
                    Array.Resize(ref _outbox, Math.Max(_outbox.Length * 2, _outboxLength + data.Length));
                }

                data.CopyTo(_outbox.AsSpan(_outboxLength));
                Volatile.Write(ref _outboxLength, _outboxLength + data.Length);
            }
        }
    }

    int WriteNow(ReadOnlySpan<byte> data)
    {
        var written = 0;
        while (written < data.Length)
        {
            var n = _socket.Send(data[written..], SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                break;
            }

            if (error != SocketError.Success)
            {
                ClosedReason ??= $"send failed: {error}";
                return data.Length;
            }

            written += n;
        }

        return written;
    }

    /// <summary>
    /// One sweep of the generator loop: flush the outbox, read what has arrived, dispatch it. True if anything moved;
    /// the time of a read that found nothing is added to <paramref name="pollingTicks"/>.
    /// </summary>
    public bool Poll(ref long pollingTicks)
    {
        if (!IsOpen)
        {
            return false;
        }

        var progress = false;
        if (Volatile.Read(ref _outboxLength) > 0)
        {
            lock (_sendGate)
            {
                var written = WriteNow(_outbox.AsSpan(0, _outboxLength));
                if (written > 0)
                {
                    Buffer.BlockCopy(_outbox, written, _outbox, 0, _outboxLength - written);
                    Volatile.Write(ref _outboxLength, _outboxLength - written);
                    progress = true;
                }
            }
        }

        if (_received == _receive.Length)
        {
            Array.Resize(ref _receive, _receive.Length * 2);
        }

        var before = Stopwatch.GetTimestamp();
        var read = _socket.Receive(_receive.AsSpan(_received), SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            pollingTicks += Stopwatch.GetTimestamp() - before;
            return progress;
        }

        if (error != SocketError.Success || read == 0)
        {
            ClosedReason ??= read == 0 ? "closed by the broker" : $"receive failed: {error}";
            _pending?.TrySetException(new IOException($"connection of {ClientId} ended: {ClosedReason}"));
            return progress;
        }

        OnBytes(read);
        return true;
    }

    async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                if (_received == _receive.Length)
                {
                    Array.Resize(ref _receive, _receive.Length * 2);
                }

                var read = await _socket.ReceiveAsync(_receive.AsMemory(_received), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    ClosedReason ??= "closed by the broker";
                    break;
                }

                OnBytes(read);
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

    void OnBytes(int read)
    {
        _received += read;
        var consumed = ProcessPackets(_received);
        _load?.OnReceived(this);
        if (consumed > 0)
        {
            Buffer.BlockCopy(_receive, consumed, _receive, 0, _received - consumed);
            _received -= consumed;
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
            Send(packet.AsSpan(0, MqttWire.WritePublish(packet, topicBytes, 0, retain, 0, payloadBytes)));
            return;
        }

        var id = NextSetupId();
        var ack = Expect(id);
        Send(packet.AsSpan(0, MqttWire.WritePublish(packet, topicBytes, qos, retain, id, payloadBytes)));
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
        Send(MqttWire.Subscribe(id, filter, qos));
        var reason = await ack.WaitAsync(timeout).ConfigureAwait(false);
        if (reason >= 0x80)
        {
            throw new InvalidOperationException($"{ClientId}: subscription to {filter} refused with reason 0x{reason:X2}");
        }
    }

    // Setup packets use ids above those the loads use (1..59999), so a late load PUBACK never completes a setup step.
    ushort NextSetupId() => _setupId = _setupId >= 65_000 ? FirstSetupId : (ushort)(_setupId + 1);

    Task<byte> Expect(ushort id)
    {
        var source = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingId = id;
        Volatile.Write(ref _pending, source);
        return source.Task;
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
        if (id < FirstSetupId || Volatile.Read(ref _pending) is not { } pending || id != _pendingId)
        {
            return false;
        }

        _pending = null;
        pending.TrySetResult(reason);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Send(MqttWire.DisconnectNormal);
        lock (_sendGate)
        {
            ClosedReason ??= "closed by the generator";
        }

        if (_loop is not null)
        {
            await _loop.RemoveAsync(this).ConfigureAwait(false);
        }

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
    }
}
