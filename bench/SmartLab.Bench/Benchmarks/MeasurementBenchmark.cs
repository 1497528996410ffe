using System.Globalization;
using System.Text.Json;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Measurement ingest, acknowledged means stored: many agents publish small measurement documents at QoS 1 and count
/// a document only when its PUBACK (sent by the hub after the commit) arrives. The peer is raw LiteDB inserting the
/// same documents (copied from the hub's file after its run) with the same indexes, one transaction per batch of one
/// document per agent connection.
/// </summary>
public sealed class MeasurementBenchmark : IBenchmark
{
    const string Benchmark = "measurements";
    const string PeerName = "raw LiteDB InsertBulk";

    public string Name => Benchmark;

    public string Description => "acknowledged-means-stored measurement ingest vs raw LiteDB InsertBulk of the same documents";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var ids = Enumerable.Range(1, settings.Connections).Select(i => $"meas-{i:D4}").ToList();
        BenchContext.Log($"measurement ingest: {ids.Count} agents, {settings.MeasurementWindow} documents in flight each");
        var (hubFigures, hubFile) = await HubAsync(context, ids, cancellationToken).ConfigureAwait(false);
        var peerFigures = await RawLiteDbAsync(context, ids.Count, hubFile).ConfigureAwait(false);
        context.Report.Runs.Add(hubFigures);
        context.Report.Runs.Add(peerFigures);

        var perCommit = hubFigures.Extra.GetValueOrDefault("documentsPerCommit");
        context.Report.Comparisons.Add(Comparison.AtLeast(Benchmark, "stored documents/s", "docs/s", PeerName, hubFigures.Rate ?? 0,
            peerFigures.Rate ?? 0, 0.8, string.Create(CultureInfo.InvariantCulture,
                $"the hub committed {perCommit:0.0} documents per transaction (raw LiteDB {ids.Count}); hub core {hubFigures.PeerCpuPercent:0}% busy, {hubFigures.Extra.GetValueOrDefault("peerCpuMicrosecondsPerDocument"):0} µs CPU per document vs {peerFigures.Extra.GetValueOrDefault("peerCpuMicrosecondsPerDocument"):0} µs for raw LiteDB")
                + CpuSplit(hubFigures, peerFigures)));
        context.Report.Comparisons.Add(Comparison.Zero(Benchmark, "lost or refused documents", PeerName,
            (hubFigures.Dropped ?? 0) + (hubFigures.Rejected ?? 0), 0, "acknowledged documents missing from the hub's counters, or refused"));
    }

    /// <summary>
    /// Where the hub's CPU per document went: its store writer thread (the part raw LiteDB also does) and the rest. The
    /// rest alone bounds the ratio: even with a writer as cheap as raw LiteDB the hub can reach at most raw / (raw + rest)
    /// on one core.
    /// </summary>
    internal static string CpuSplit(RunFigures hub, RunFigures raw)
    {
        if (!hub.Extra.TryGetValue("writerCpuMicrosecondsPerDocument", out var writer)
            || !hub.Extra.TryGetValue("restCpuMicrosecondsPerDocument", out var rest)
            || !raw.Extra.TryGetValue("peerCpuMicrosecondsPerDocument", out var peer) || peer <= 0)
        {
            return "";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"; of the hub's, {writer:0} µs on the store writer thread and {rest:0} µs elsewhere (MQTT, checks, record, acks), so at most {peer / (peer + rest):0.00}× with a writer as cheap as raw LiteDB");
    }

    static async Task<(RunFigures Figures, string DatabaseFile)> HubAsync(BenchContext context, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        using var loop = new GeneratorLoop();
        await using var hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var agents = await Agents.ConnectAsync(hub.MqttPort, await hub.RegisterAsync(ids).ConfigureAwait(false), 16, loop, cancellationToken)
            .ConfigureAwait(false);
        using var pinger = new KeepAlivePinger();
        pinger.Add(agents);
        var lanes = agents.Select((a, i) => new PublisherLane(a, Agents.Topic(a.ClientId, "measurements"), new MeasurementPayloads($"m{i + 1:D4}")))
            .ToList();
        var load = new Qos1Load(loop, lanes);
        var metrics = new List<Dictionary<string, double>>();
        await load.StartSaturatingAsync(context.Settings.MeasurementWindow).ConfigureAwait(false);
        var window = await Phases.MeasureAsync(context, hub.Pid, loop, async () =>
        {
            var acknowledged = load.Acked;
            metrics.Add(await hub.MetricsAsync().ConfigureAwait(false));
            return acknowledged;
        }, opened: () => load.Recording = true, closing: () => load.Recording = false, firstOfProcess: true).ConfigureAwait(false);
        var unacknowledged = await load.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var counters = await hub.CountersAsync().ConfigureAwait(false);
        // The hub's metrics at the start and the end of the window kept (the sink runs twice per window measured).
        var (opening, closed) = (metrics[2 * window.Attempt], metrics[(2 * window.Attempt) + 1]);
        var commits = closed.GetValueOrDefault("smartlab_store_commits_total") - opening.GetValueOrDefault("smartlab_store_commits_total");
        var writes = closed.GetValueOrDefault("smartlab_store_writes_total") - opening.GetValueOrDefault("smartlab_store_writes_total");
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = HubPeer.Name, Phase = "QoS 1, PUBACK after commit", Unit = "docs/s", Rate = window.Rate,
            P50Ms = load.Latency.PercentileMs(0.5), P99Ms = load.Latency.PercentileMs(0.99), Sent = load.Sent,
            Received = counters.MeasurementsStored, Rejected = load.Rejected + counters.MeasurementsRejected,
            Dropped = Math.Max(0, load.Acked - counters.MeasurementsStored) + unacknowledged,
            PeerCpuPercent = window.PeerCpuPercent, GeneratorCpuPercent = window.GeneratorCpuPercent, GeneratorBusyPercent = window.GeneratorBusyPercent, OthersOnPeerCorePercent = window.OthersOnPeerCorePercent, StealPercent = window.StealPercent, PeerRssBytes = hub.ResidentBytes,
            WindowSeconds = window.Seconds, Note = "latency is publish→PUBACK, i.e. until committed",
        };
        figures.Extra["storeCommits"] = commits;
        figures.Extra["documentsPerCommit"] = commits > 0 ? writes / commits : 0;
        figures.Extra["peerCpuMicrosecondsPerDocument"] = window.PeerCpuMicrosecondsPerItem;
        var writerSeconds = closed.GetValueOrDefault("smartlab_store_writer_cpu_seconds_total") - opening.GetValueOrDefault("smartlab_store_writer_cpu_seconds_total");
        if (window.Items > 0 && writerSeconds > 0)
        {
            // The store's writer thread against everything else the hub does for a document (MQTT, checks, record, acks).
            figures.Extra["writerCpuMicrosecondsPerDocument"] = writerSeconds / window.Items * 1e6;
            figures.Extra["restCpuMicrosecondsPerDocument"] = window.PeerCpuMicrosecondsPerItem - (writerSeconds / window.Items * 1e6);
        }

        BenchContext.Log(FormattableString.Invariant(
            $"  {HubPeer.Name,-13} {window.Rate,10:N0} docs/s  p99 {figures.P99Ms:0.00} ms  {figures.Extra["documentsPerCommit"]:0.0} docs/commit  hub CPU {window.PeerCpuPercent:0}%"));
        await Agents.CloseAsync(agents).ConfigureAwait(false);
        return (figures, Path.Combine(hub.DataDirectory, "smartlab.db"));
    }

    static async Task<RunFigures> RawLiteDbAsync(BenchContext context, int batch, string hubFile)
    {
        var directory = context.NewDirectory("raw-litedb");
        var output = Path.Combine(directory, "result.json");
        var info = context.Pinning.PeerStartInfo("dotnet",
        [
            RepoPaths.BenchDll, "peer-litedb", "--dir", directory, "--like", hubFile, "--batch", batch.ToString(CultureInfo.InvariantCulture),
            "--warmup-seconds", context.PeerWarmup.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--seconds", context.Settings.MeasureSeconds.ToString(CultureInfo.InvariantCulture), "--output", output,
        ]);
        context.ConfigureDotnetPeer(info);
        using var peer = ChildProcess.Start(PeerName, info, Path.Combine(context.WorkDirectory, "raw-litedb.log"));
        var exit = await peer.WaitForExitAsync(context.PeerWarmup + context.Measure + TimeSpan.FromSeconds(120))
            .ConfigureAwait(false);
        if (exit != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"raw LiteDB peer failed with exit code {exit}:\n{peer.Tail()}");
        }

        var result = JsonSerializer.Deserialize<LiteDbPeer.Result>(await File.ReadAllTextAsync(output).ConfigureAwait(false))!;
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = PeerName, Phase = string.Create(CultureInfo.InvariantCulture, $"{batch} documents per transaction"),
            Unit = "docs/s", Rate = result.DocumentsPerSecond, P50Ms = result.CommitP50Ms, P99Ms = result.CommitP99Ms, Sent = result.Documents,
            Received = result.Documents, Dropped = 0, PeerCpuPercent = result.CpuPercent, WindowSeconds = result.Seconds,
            Note = "latency is one InsertBulk transaction",
        };
        figures.Extra["storeCommits"] = result.Commits;
        figures.Extra["documentsPerCommit"] = batch;
        figures.Extra["peerCpuMicrosecondsPerDocument"] = result.DocumentsPerSecond > 0 ? result.CpuPercent / 100 / result.DocumentsPerSecond * 1e6 : 0;
        BenchContext.Log(FormattableString.Invariant(
            $"  {PeerName} {result.DocumentsPerSecond,10:N0} docs/s  commit p99 {result.CommitP99Ms:0.00} ms  CPU {result.CpuPercent:0}%"));
        return figures;
    }
}
