using System.Diagnostics;

namespace SmartLab.Bench.Measure;

/// <summary>CPU use of one process over an interval, as a percentage of one core.</summary>
public sealed class CpuMeter
{
    readonly int _pid;
    readonly TimeSpan _cpuStart;
    readonly long _wallStart;

    public CpuMeter(int pid)
    {
        _pid = pid;
        _cpuStart = ProcessStats.CpuTime(pid);
        _wallStart = Stopwatch.GetTimestamp();
    }

    public double PercentOfOneCore()
    {
        var wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        return wall <= 0 ? 0 : (ProcessStats.CpuTime(_pid) - _cpuStart).TotalSeconds / wall * 100;
    }
}
