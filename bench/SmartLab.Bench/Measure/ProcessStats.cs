using System.Globalization;

namespace SmartLab.Bench.Measure;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux).</summary>
public static class ProcessStats
{
    const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux build this bench runs on

    /// <summary>User plus system CPU time consumed so far by all threads of <paramref name="pid"/>.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Resident set size in bytes (VmRSS), 0 when the process is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public static int CurrentPid => Environment.ProcessId;
}
