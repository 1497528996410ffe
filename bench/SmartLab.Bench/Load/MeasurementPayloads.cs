using System.Buffers.Text;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// A small, valid <c>xrd-powder</c> measurement document (about 600 bytes: a three-point scan with descriptors and the
/// calibration metadata the profile requires), with a unique <c>measurementId</c> per message.
/// </summary>
public sealed class MeasurementPayloads(string idPrefix) : IPayloadSource
{
    static ReadOnlySpan<byte> Head => "{\"v\":1,\"measurementId\":\""u8;
    static ReadOnlySpan<byte> AfterId => "\",\"method\":\"theta2theta\",\"sampleId\":\"S-000045\",\"startedAt\":\""u8;
    static ReadOnlySpan<byte> AfterStart => "\",\"endedAt\":\""u8;
    static ReadOnlySpan<byte> Tail =>
        "\",\"parameters\":{\"start\":10,\"stop\":80,\"step\":0.02,\"dwell\":0.5},\"conditions\":{\"temperature\":298.2},"u8 +
        "\"descriptors\":{\"twoTheta\":{\"dtype\":\"number\",\"shape\":[3],\"units\":\"deg\"},"u8 +
        "\"intensity\":{\"dtype\":\"number\",\"shape\":[3],\"units\":\"{counts}\"}},"u8 +
        "\"data\":{\"twoTheta\":[10.0,10.02,10.04],\"intensity\":[112,118,121]},"u8 +
        "\"instrument\":{\"calibration\":{\"id\":\"CAL-2026-11\",\"date\":\"2026-11-01\"}}}"u8;

    readonly byte[] _prefix = Encoding.ASCII.GetBytes(idPrefix + "-");

    public string IdPrefix { get; } = idPrefix;

    public int MaxLength => 1024;

    public int Write(Span<byte> destination, long seq)
    {
        Head.CopyTo(destination);
        var p = Head.Length;
        _prefix.CopyTo(destination[p..]);
        p += _prefix.Length;
        Utf8Formatter.TryFormat(seq, destination[p..], out var digits);
        p += digits;
        AfterId.CopyTo(destination[p..]);
        p += AfterId.Length;
        WallClock.Write(destination[p..]);
        p += WallClock.TimestampLength;
        AfterStart.CopyTo(destination[p..]);
        p += AfterStart.Length;
        WallClock.Write(destination[p..]);
        p += WallClock.TimestampLength;
        Tail.CopyTo(destination[p..]);
        return p + Tail.Length;
    }

    /// <summary>The document of message <paramref name="seq"/> as text (for the raw-LiteDB peer).</summary>
    public string Document(long seq)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return Encoding.UTF8.GetString(buffer[..Write(buffer, seq)]);
    }

    public string MeasurementId(long seq) => $"{IdPrefix}-{seq}";
}
