using System.Buffers.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// Telemetry of an <c>xrd-powder</c> instrument as protocol v1 describes it: <c>seq</c> rising by one per message, the
/// current time, two readings inside the profile's ranges.
/// </summary>
public sealed class TelemetryPayloads : IPayloadSource
{
    static ReadOnlySpan<byte> Head => "{\"v\":1,\"seq\":"u8;
    static ReadOnlySpan<byte> AfterSeq => ",\"ts\":\""u8;
    static ReadOnlySpan<byte> AfterTs => "\",\"values\":{\"tubeVoltage\":40.0,\"tubeCurrent\":3"u8;
    static ReadOnlySpan<byte> Tail => ".5}}"u8;

    public static TelemetryPayloads Instance { get; } = new();

    public int MaxLength => 128;

    public int Write(Span<byte> destination, long seq)
    {
        Head.CopyTo(destination);
        var p = Head.Length;
        Utf8Formatter.TryFormat(seq, destination[p..], out var digits);
        p += digits;
        AfterSeq.CopyTo(destination[p..]);
        p += AfterSeq.Length;
        WallClock.Write(destination[p..]);
        p += WallClock.TimestampLength;
        AfterTs.CopyTo(destination[p..]);
        p += AfterTs.Length;
        destination[p++] = (byte)('0' + (seq % 10)); // tubeCurrent 30.5 .. 39.5 mA
        Tail.CopyTo(destination[p..]);
        return p + Tail.Length;
    }

    /// <summary>Reads <c>seq</c> back from a payload this source wrote.</summary>
    public static bool TryReadSeq(ReadOnlySpan<byte> payload, out long seq)
    {
        seq = 0;
        return payload.StartsWith(Head) && Utf8Parser.TryParse(payload[Head.Length..], out seq, out _);
    }
}
