using System.Buffers.Binary;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// MQTT 5 packets written and read by hand. The load generator encodes straight into reusable buffers so that one
/// generator core can keep a broker core busy; a general-purpose client allocates per message and would be measured
/// instead of the broker.
/// </summary>
public static class MqttWire
{
    public const byte Connack = 0x20;
    public const byte Publish = 0x30;
    public const byte PubAck = 0x40;
    public const byte SubAck = 0x90;
    public const byte PingResp = 0xD0;
    public const byte Disconnect = 0xE0;

    public static ReadOnlySpan<byte> PingReq => [0xC0, 0x00];
    public static ReadOnlySpan<byte> DisconnectNormal => [0xE0, 0x00];

    /// <summary>Bytes of a variable byte integer.</summary>
    public static int VarIntSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    public static int WriteVarInt(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var b = (byte)(value % 128);
            value /= 128;
            destination[i++] = value > 0 ? (byte)(b | 0x80) : b;
        }
        while (value > 0);

        return i;
    }

    /// <summary>Reads a variable byte integer; false when the buffer ends before it does.</summary>
    public static bool TryReadVarInt(ReadOnlySpan<byte> source, out int value, out int size)
    {
        value = 0;
        var multiplier = 1;
        for (size = 0; size < 4 && size < source.Length; size++)
        {
            var b = source[size];
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
            if ((b & 0x80) == 0)
            {
                size++;
                return true;
            }
        }

        if (size == 4)
        {
            throw new InvalidDataException("malformed MQTT remaining length");
        }

        return false;
    }

    static int WriteString(Span<byte> destination, ReadOnlySpan<byte> utf8)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)utf8.Length);
        utf8.CopyTo(destination[2..]);
        return 2 + utf8.Length;
    }

    /// <summary>CONNECT with clean start, optional credentials, no will.</summary>
    public static byte[] Connect(string clientId, string? username, string? password, ushort keepAliveSeconds)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var user = username is null ? null : Encoding.UTF8.GetBytes(username);
        var pass = password is null ? null : Encoding.UTF8.GetBytes(password);
        var body = 10 + 1 + 2 + id.Length + (user is null ? 0 : 2 + user.Length) + (pass is null ? 0 : 2 + pass.Length);
        var packet = new byte[1 + VarIntSize(body) + body];
        var span = packet.AsSpan();
        span[0] = 0x10;
        var p = 1 + WriteVarInt(span[1..], body);
        p += WriteString(span[p..], "MQTT"u8);
        span[p++] = 5;
        span[p++] = (byte)(0x02 | (user is null ? 0 : 0x80) | (pass is null ? 0 : 0x40));
        BinaryPrimitives.WriteUInt16BigEndian(span[p..], keepAliveSeconds);
        p += 2;
        span[p++] = 0; // no properties
        p += WriteString(span[p..], id);
        if (user is not null)
        {
            p += WriteString(span[p..], user);
        }

        if (pass is not null)
        {
            WriteString(span[p..], pass);
        }

        return packet;
    }

    public static byte[] Subscribe(ushort packetId, string filter, int qos)
    {
        var topic = Encoding.UTF8.GetBytes(filter);
        var body = 2 + 1 + 2 + topic.Length + 1;
        var packet = new byte[1 + VarIntSize(body) + body];
        var span = packet.AsSpan();
        span[0] = 0x82;
        var p = 1 + WriteVarInt(span[1..], body);
        BinaryPrimitives.WriteUInt16BigEndian(span[p..], packetId);
        p += 2;
        span[p++] = 0;
        p += WriteString(span[p..], topic);
        span[p] = (byte)qos;
        return packet;
    }

    /// <summary>Largest PUBLISH header for a topic: fixed header, topic, packet id, empty properties.</summary>
    public static int PublishOverhead(int topicLength) => 1 + 4 + 2 + topicLength + 2 + 1;

    /// <summary>Writes a PUBLISH with a ready payload.</summary>
    public static int WritePublish(Span<byte> destination, ReadOnlySpan<byte> topic, int qos, bool retain, ushort packetId,
        ReadOnlySpan<byte> payload)
    {
        var variable = 2 + topic.Length + (qos > 0 ? 2 : 0) + 1;
        var remaining = variable + payload.Length;
        destination[0] = (byte)(Publish | (qos << 1) | (retain ? 1 : 0));
        var p = 1 + WriteVarInt(destination[1..], remaining);
        p += WriteString(destination[p..], topic);
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[p..], packetId);
            p += 2;
        }

        destination[p++] = 0;
        payload.CopyTo(destination[p..]);
        return p + payload.Length;
    }

    public static int WritePubAck(Span<byte> destination, ushort packetId)
    {
        destination[0] = PubAck;
        destination[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], packetId);
        return 4;
    }

    /// <summary>Skips an MQTT 5 property list starting at <paramref name="position"/>; returns the position after it.</summary>
    public static int SkipProperties(ReadOnlySpan<byte> body, int position)
    {
        if (position >= body.Length)
        {
            return position;
        }

        TryReadVarInt(body[position..], out var length, out var size);
        return position + size + length;
    }

    /// <summary>Reads the CONNACK reason code and the server's Receive Maximum (65535 when not announced).</summary>
    public static (byte Reason, ushort ReceiveMaximum) ReadConnAck(ReadOnlySpan<byte> body)
    {
        var reason = body[1];
        ushort receiveMaximum = 65535;
        if (body.Length > 2)
        {
            TryReadVarInt(body[2..], out var length, out var size);
            var props = body.Slice(2 + size, length);
            var i = 0;
            while (i < props.Length)
            {
                var id = props[i++];
                switch (id)
                {
                    case 0x21:
                        receiveMaximum = BinaryPrimitives.ReadUInt16BigEndian(props[i..]);
                        i += 2;
                        break;
                    case 0x13 or 0x22:
                        i += 2;
                        break;
                    case 0x24 or 0x25 or 0x28 or 0x29 or 0x2A:
                        i += 1;
                        break;
                    case 0x11 or 0x27:
                        i += 4;
                        break;
                    case 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F:
                        i += 2 + BinaryPrimitives.ReadUInt16BigEndian(props[i..]);
                        break;
                    case 0x26:
                        i += 2 + BinaryPrimitives.ReadUInt16BigEndian(props[i..]);
                        i += 2 + BinaryPrimitives.ReadUInt16BigEndian(props[i..]);
                        break;
                    default:
                        return (reason, receiveMaximum); // unknown property: keep what we have
                }
            }
        }

        return (reason, receiveMaximum);
    }
}
