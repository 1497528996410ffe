using System.Diagnostics;
using System.Net.Http.Headers;
using SmartLab.Agent;
using SmartLab.Bench.Load;
using SmartLab.Bench.Measure;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;
using SmartLab.Loop.Runner;
using SmartLab.Simulators.Films;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class LoopBenchmark
{
    /// <summary>HTTP round trips the loop client makes per experiment of the demo loop (sample, two submits, two event streams, list and read).</summary>
    const int CallsPerIteration = 7;

    /// <summary>
    /// The hub's cost of one loop iteration: the demo loop file run by <see cref="LoopRunner"/> (random proposals, one
    /// experiment in flight) against the hub in its own process, with an instant furnace and an instant four-point probe,
    /// so an iteration is all hub, SDK and client: create the sample, submit the anneal, follow it to delivery, submit
    /// the measurement, follow it, read the objective. The floor is the same number of authenticated HTTP round trips to
    /// the cheapest endpoint (<c>GET /api/v1/me</c>) in the same run.
    /// </summary>
    static async Task MeasureOverheadAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var iterations = context.Settings.Quick ? 150 : 1000;
        var warmup = context.Settings.Quick ? 20 : 100;
        await using var hub = await HubPeer.StartAsync(context, "loop").ConfigureAwait(false);
        var furnace = (await hub.RegisterAsync(["furnace-b1"], profile: "tube-furnace").ConfigureAwait(false))[0];
        var probe = (await hub.RegisterAsync(["probe-b1"], profile: "four-point-probe").ConfigureAwait(false))[0];
        await hub.CreateAccountAsync("bench-owner", "user").ConfigureAwait(false);
        var token = await hub.CreateAccountAsync("bench-loop", "automation", "bench-owner").ConfigureAwait(false);
        await hub.AutoApproveAsync(furnace.Id).ConfigureAwait(false);
        await hub.AutoApproveAsync(probe.Id).ConfigureAwait(false);

        var samples = new SimulatedSamples();
        AgentOptions Agent((string Id, string? Secret) instrument, string profile) => new()
        {
            BrokerHost = "127.0.0.1", BrokerPort = hub.MqttPort, InstrumentId = instrument.Id, Secret = instrument.Secret!,
            ProfileId = profile, ProfileVersion = "1.0.0", StateDirectory = context.NewDirectory($"agent-{instrument.Id}"),
        };
        await using var instantFurnace = new InstantFurnace(Agent(furnace, "tube-furnace"), samples);
        await using var instantProbe = new InstantProbe(Agent(probe, "four-point-probe"), samples);
        await instantFurnace.StartAsync(cancellationToken).ConfigureAwait(false);
        await instantProbe.StartAsync(cancellationToken).ConfigureAwait(false);
        await hub.WaitOnlineAsync(2).ConfigureAwait(false);

        var loop = LoopDefinition.Load(Path.Combine(RepoPaths.Root, "docs", "examples", "loops", "anneal-sheet-resistance.yaml"));
        using var client = new LoopHubClient(hub.BaseAddress, token);
        await RunLoopAsync(client, loop with { Name = "bench-warmup", Budget = warmup, InFlight = 1, Optimizer = "random" }, null, cancellationToken)
            .ConfigureAwait(false);
        var histogram = new LatencyHistogram();
        var cpuBefore = ProcessStats.CpuTime(hub.Pid);
        var clock = Stopwatch.StartNew();
        var result = await RunLoopAsync(client, loop with { Name = "bench-overhead", Budget = iterations, InFlight = 1, Optimizer = "random" },
            histogram, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (ProcessStats.CpuTime(hub.Pid) - cpuBefore).TotalSeconds;
        var failed = result.Experiments.Count(e => !e.Succeeded);

        var breakdown = await BreakdownAsync(client, cancellationToken).ConfigureAwait(false);
        var floor = await MeasureFloorAsync(hub.BaseAddress, token, iterations, cancellationToken).ConfigureAwait(false);
        var phase = FormattableString.Invariant($"{iterations} iterations, anneal + sheet resistance, 1 in flight");
        context.Report.Runs.Add(new RunFigures
        {
            Benchmark = "loop", Peer = HubPeer.Name, Phase = phase, Unit = "iterations/s", Rate = iterations / seconds,
            P50Ms = histogram.PercentileMs(0.50), P99Ms = histogram.PercentileMs(0.99), Sent = iterations, Received = iterations - failed,
            PeerCpuPercent = 100 * cpu / seconds, WindowSeconds = seconds,
            Note = FormattableString.Invariant($"hub CPU per iteration {1000 * cpu / iterations:0.00} ms; median ms per job transition: {breakdown}"),
        });
        context.Report.Runs.Add(new RunFigures
        {
            Benchmark = "loop", Peer = "floor", Phase = FormattableString.Invariant($"{CallsPerIteration} × GET /api/v1/me"),
            Unit = "iterations/s", P50Ms = floor.PercentileMs(0.50), P99Ms = floor.PercentileMs(0.99), Sent = iterations, Received = iterations,
        });
        context.Report.Comparisons.Add(Comparison.Report("loop", "hub overhead per loop iteration, p50", "ms",
            $"floor: {CallsPerIteration} HTTP round trips", histogram.PercentileMs(0.50), floor.PercentileMs(0.50)));
        context.Report.Comparisons.Add(Comparison.Report("loop", "hub overhead per loop iteration, p99", "ms",
            $"floor: {CallsPerIteration} HTTP round trips", histogram.PercentileMs(0.99), floor.PercentileMs(0.99)));
        context.Report.Comparisons.Add(Comparison.Zero("loop", "loop iterations that failed", "", failed, null,
            "an experiment against instant instruments failed: see the hub log"));
        BenchContext.Log(FormattableString.Invariant(
            $"loop: overhead per iteration p50 {histogram.PercentileMs(0.50):0.00} ms p99 {histogram.PercentileMs(0.99):0.00} ms ({iterations / seconds:0.0} iterations/s, hub CPU {100 * cpu / seconds:0}%); floor p50 {floor.PercentileMs(0.50):0.00} ms; {failed} failed"));
        BenchContext.Log("loop: median ms per job transition: " + breakdown);
    }

    /// <summary>Median time of each job transition over the last jobs of the measured loop, from the hub's own history of them.</summary>
    static async Task<string> BreakdownAsync(LoopHubClient client, CancellationToken cancellationToken)
    {
        var jobs = (await client.ListJobsAsync("bench-loop", cancellationToken).ConfigureAwait(false))
            .Where(j => j.Notes?.StartsWith("loop:bench-overhead:", StringComparison.Ordinal) == true).Take(60).ToList();
        var gaps = new Dictionary<string, List<double>>();
        foreach (var listed in jobs)
        {
            var job = await client.GetJobAsync(listed.Id, cancellationToken).ConfigureAwait(false);
            var history = job.History ?? [];
            for (var i = 1; i < history.Count; i++)
            {
                var key = $"{history[i - 1].To}→{history[i].To}";
                (gaps.TryGetValue(key, out var list) ? list : gaps[key] = []).Add((history[i].At - history[i - 1].At).TotalMilliseconds);
            }
        }

        return string.Join(", ", gaps.Select(g => FormattableString.Invariant($"{g.Key} {g.Value.Order().ElementAt(g.Value.Count / 2):0.0}")));
    }

    /// <summary>Runs a loop; with a histogram, records the time between consecutive finished experiments (one in flight: one iteration each).</summary>
    static async Task<LoopResult> RunLoopAsync(LoopHubClient client, LoopDefinition loop, LatencyHistogram? histogram, CancellationToken cancellationToken)
    {
        var progress = new IterationTimer(histogram);
        var runner = new LoopRunner(loop, client, options: new LoopRunnerOptions { MaxConsecutiveFailures = 0 });
        return await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same number of authenticated round trips per iteration to an endpoint that does almost nothing.</summary>
    static async Task<LatencyHistogram> MeasureFloorAsync(Uri hub, string token, int iterations, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = hub };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var histogram = new LatencyHistogram();
        for (var i = 0; i < iterations + 20; i++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var call = 0; call < CallsPerIteration; call++)
            {
                using var response = await http.GetAsync(new Uri("/api/v1/me", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }

            if (i >= 20)
            {
                histogram.RecordTicks(Stopwatch.GetTimestamp() - start);
            }
        }

        return histogram;
    }

    /// <summary>Times the gaps between finished experiments as the runner reports them (synchronously, on its own thread).</summary>
    sealed class IterationTimer(LatencyHistogram? histogram) : IProgress<LoopProgress>
    {
        readonly Lock _gate = new();
        long _last = Stopwatch.GetTimestamp();
        int _finished;

        public void Report(LoopProgress value)
        {
            lock (_gate)
            {
                var finished = value.Done + value.Failed;
                if (finished <= _finished)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                for (var i = _finished; i < finished; i++)
                {
                    histogram?.RecordTicks(now - _last);
                }

                _finished = finished;
                _last = now;
            }
        }
    }
}
