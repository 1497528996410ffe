using System.Diagnostics;
using System.Numerics;

namespace SmartLab.Bench.Load;

/// <summary>
/// Log-linear histogram of latencies in nanoseconds (under 1 % error, 1 ns to minutes) that many threads record into
/// without locks, so recording costs about as much as one interlocked increment.
/// </summary>
public sealed class LatencyHistogram
{
    const int SubBuckets = 128;
    readonly long[] _counts = new long[64 * SubBuckets];
    long _total;

    public long Count => Interlocked.Read(ref _total);

    public void RecordTicks(long stopwatchTicks) => Record((long)Math.Round(stopwatchTicks * (1e9 / Stopwatch.Frequency)));

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        Interlocked.Increment(ref _counts[Index(nanoseconds)]);
        Interlocked.Increment(ref _total);
    }

    static int Index(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - 7;
        return ((shift + 1) * SubBuckets) + (int)((value >> shift) & (SubBuckets - 1));
    }

    static double ValueAt(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var low = (long)(SubBuckets + (index % SubBuckets)) << shift;
        return low + ((1L << shift) / 2.0);
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the samples lie, in milliseconds; null without samples.</summary>
    public double? PercentileMs(double fraction)
    {
        var total = Count;
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return ValueAt(i) / 1e6;
            }
        }

        return ValueAt(_counts.Length - 1) / 1e6;
    }
}
