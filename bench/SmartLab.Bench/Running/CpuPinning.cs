using System.Diagnostics;
using System.Globalization;

namespace SmartLab.Bench.Running;

/// <summary>
/// Keeps the peer under test and the load generator on different cores (<c>taskset</c>): the first allowed core runs
/// the peer (hub, Mosquitto, raw LiteDB, echo server), the others run this process. With one core, or without
/// <c>taskset</c>, nothing is pinned and the report says so.
/// </summary>
public sealed class CpuPinning
{
    const string Taskset = "/usr/bin/taskset";

    CpuPinning(bool enabled, string peerCores, string generatorCores, string reason, IReadOnlyList<int> peerCoreList)
    {
        Enabled = enabled;
        PeerCores = peerCores;
        GeneratorCores = generatorCores;
        Description = reason;
        PeerCoreList = peerCoreList;
    }

    /// <summary>Cores the peer may run on (all of them when nothing is pinned).</summary>
    public IReadOnlyList<int> PeerCoreList { get; }

    public bool Enabled { get; }
    public string PeerCores { get; }
    public string GeneratorCores { get; }
    public string Description { get; }

    public static CpuPinning Detect(bool wanted)
    {
        var cores = AllowedCores();
        if (!wanted)
        {
            return new CpuPinning(false, "", "", "not pinned (--no-pin)", cores);
        }

        if (cores.Count < 2)
        {
            return new CpuPinning(false, "", "", $"not pinned: only {cores.Count} core available", cores);
        }

        if (!File.Exists(Taskset))
        {
            return new CpuPinning(false, "", "", "not pinned: taskset (util-linux) is missing", cores);
        }

        var peer = cores[0].ToString(CultureInfo.InvariantCulture);
        var generator = string.Join(',', cores.Skip(1));
        return new CpuPinning(true, peer, generator, $"peer on core {peer}, load generator on core(s) {generator}", [cores[0]]);
    }

    static List<int> AllowedCores()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            if (line is not null)
            {
                var cores = new List<int>();
                foreach (var part in line["Cpus_allowed_list:".Length..].Trim().Split(','))
                {
                    var range = part.Split('-');
                    var from = int.Parse(range[0], CultureInfo.InvariantCulture);
                    var to = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : from;
                    cores.AddRange(Enumerable.Range(from, to - from + 1));
                }

                return cores;
            }
        }
        catch (IOException)
        {
        }

        return [.. Enumerable.Range(0, Environment.ProcessorCount)];
    }

    /// <summary>Moves every thread of this process (and the threads it starts later) to the generator cores.</summary>
    public void PinThisProcess()
    {
        if (!Enabled)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo(Taskset, ["-a", "-p", "-c", GeneratorCores, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset failed: {process.StandardError.ReadToEnd()}");
        }
    }

    /// <summary>A start description that runs <paramref name="file"/> on the peer core.</summary>
    public ProcessStartInfo PeerStartInfo(string file, IEnumerable<string> arguments)
    {
        var info = Enabled ? new ProcessStartInfo(Taskset) : new ProcessStartInfo(file);
        if (Enabled)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(PeerCores);
            info.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
