using System.Globalization;
using System.Text.Json;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class JobsBenchmark
{
    /// <summary>
    /// Quartz's thread pool sizes tried in the full suite (each also acquires up to that many triggers at a time); the
    /// run with the highest batch throughput is the one reported. Quick mode runs the first only.
    /// </summary>
    static readonly int[] QuartzThreads = [Executors, 2 * Executors];

    static async Task<QuartzPeer.Result> BestQuartzAsync(BenchContext context)
    {
        QuartzPeer.Result? best = null;
        foreach (var threads in context.Settings.Quick ? QuartzThreads[..1] : QuartzThreads)
        {
            var result = await QuartzAsync(context, threads).ConfigureAwait(false);
            if (best is null || Batches(result) > Batches(best))
            {
                best = result;
            }
        }

        return best!;
    }

    static double Batches(QuartzPeer.Result result) => result.Phases.Single(p => p.Phase == "batches").JobsPerSecond;

    static async Task<QuartzPeer.Result> QuartzAsync(BenchContext context, int threads)
    {
        var directory = context.NewDirectory("quartz");
        var output = Path.Combine(directory, "result.json");
        var text = threads.ToString(CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            RepoPaths.BenchDll, "peer-quartz", "--dir", directory, "--threads", text, "--max-batch", text,
            "--warmup-seconds", context.PeerWarmup.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--output", output,
        ];
        if (context.Settings.Quick)
        {
            arguments.Add("--small");
        }

        if (context.Pinning.Enabled)
        {
            arguments.AddRange(["--peer-cores", string.Join(',', context.Pinning.PeerCoreList)]);
        }

        var info = context.Pinning.PeerStartInfo("dotnet", arguments);
        context.ConfigureDotnetPeer(info);
        using var peer = ChildProcess.Start(QuartzPeer.Name, info, Path.Combine(context.WorkDirectory, $"quartz-{threads}.log"));
        var exit = await peer.WaitForExitAsync(TimeSpan.FromMinutes(20)).ConfigureAwait(false);
        if (exit != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"Quartz peer failed with exit code {exit}:\n{peer.Tail()}");
        }

        var result = JsonSerializer.Deserialize<QuartzPeer.Result>(await File.ReadAllTextAsync(output).ConfigureAwait(false))!;
        foreach (var phase in result.Phases)
        {
            Log($"{QuartzPeer.Name} ({threads} threads)", phase);
        }

        return result;
    }
}
