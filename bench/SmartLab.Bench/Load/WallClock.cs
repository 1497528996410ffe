using System.Diagnostics;
using System.Globalization;

namespace SmartLab.Bench.Load;

/// <summary>
/// RFC 3339 timestamps with milliseconds for payloads, formatted at most once per millisecond per thread: the wall
/// time is read once from the <see cref="TimeProvider"/> and advanced with the monotonic stopwatch.
/// </summary>
public static class WallClock
{
    public const int TimestampLength = 24;

    static readonly DateTime Origin = TimeProvider.System.GetUtcNow().UtcDateTime;
    static readonly long OriginTicks = Stopwatch.GetTimestamp();

    [ThreadStatic]
    static byte[]? _cached;

    [ThreadStatic]
    static long _cachedMillisecond;

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (24 bytes).</summary>
    public static void Write(Span<byte> destination)
    {
        var elapsed = Stopwatch.GetElapsedTime(OriginTicks);
        var millisecond = (long)elapsed.TotalMilliseconds;
        var cached = _cached;
        if (cached is null || millisecond != _cachedMillisecond)
        {
            cached = _cached ??= new byte[TimestampLength];
            (Origin + elapsed).TryFormat(cached, out _, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            _cachedMillisecond = millisecond;
        }

        cached.CopyTo(destination);
    }

    public static string Now() => (Origin + Stopwatch.GetElapsedTime(OriginTicks)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
