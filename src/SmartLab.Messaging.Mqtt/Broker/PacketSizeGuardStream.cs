namespace SmartLab.Messaging.Mqtt.Broker;

/// <summary>
/// Reads MQTT fixed headers as bytes flow past and fails the connection when a packet announces more than the limit,
/// before the packet reader reserves a buffer for it (MQTTnet allocates the announced size up front).
/// </summary>
sealed class PacketSizeGuardStream(Stream inner, int maxPacketBytes) : Stream
{
    enum State { Header, Length, Body }

    State _state = State.Header;
    int _length;
    int _multiplier;
    long _bodyRemaining;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..read]);
        return read;
    }

    void Inspect(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Header:
                    i++;
                    _state = State.Length;
                    _length = 0;
                    _multiplier = 1;
                    break;
                case State.Length:
                    var b = data[i++];
                    _length += (b & 0x7F) * _multiplier;
                    _multiplier *= 128;
                    if (_length > maxPacketBytes)
                    {
                        throw new IOException($"MQTT packet of at least {_length} bytes exceeds the limit of {maxPacketBytes} bytes");
                    }

                    if ((b & 0x80) == 0)
                    {
                        _bodyRemaining = _length;
                        _state = _length == 0 ? State.Header : State.Body;
                    }
                    else if (_multiplier > 128 * 128 * 128)
                    {
                        throw new IOException("malformed MQTT remaining length");
                    }

                    break;
                default:
                    var skip = (int)Math.Min(_bodyRemaining, data.Length - i);
                    i += skip;
                    _bodyRemaining -= skip;
                    if (_bodyRemaining == 0)
                    {
                        _state = State.Header;
                    }

                    break;
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
