using System.Globalization;

namespace SmartLab.Bench.Measure;

/// <summary>
/// How busy some cores were over an interval (from /proc/stat), to tell how much of the peer's core went to other
/// processes on a shared machine, and how much the hypervisor stole.
/// </summary>
public sealed class CoreMeter
{
    readonly IReadOnlyList<int> _cores;
    readonly (long Busy, long Steal, long Total) _start;

    public CoreMeter(IReadOnlyList<int> cores)
    {
        _cores = cores;
        _start = Read(cores);
    }

    /// <summary>Busy time of the cores over the interval, percent of one core (steal excluded).</summary>
    public (double BusyPercent, double StealPercent) Percentages()
    {
        var end = Read(_cores);
        var total = end.Total - _start.Total;
        if (total <= 0)
        {
            return (0, 0);
        }

        // Total counts every core of the set; scale to "percent of one core" like the process meters.
        return ((end.Busy - _start.Busy) * 100.0 * _cores.Count / total, (end.Steal - _start.Steal) * 100.0 * _cores.Count / total);
    }

    static (long Busy, long Steal, long Total) Read(IReadOnlyList<int> cores)
    {
        long busy = 0, steal = 0, total = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.StartsWith("cpu ", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!int.TryParse(fields[0].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var core) || !cores.Contains(core))
                {
                    continue;
                }

                var v = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                // user nice system idle iowait irq softirq steal
                busy += v[0] + v[1] + v[2] + v[5] + v[6];
                steal += v[7];
                total += v.Sum();
            }
        }
        catch (IOException)
        {
        }

        return (busy, steal, total);
    }
}
