using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

/// <summary>
/// Sustained measurement ingest over MQTT (QoS 1, acknowledged means stored) long enough for the store to checkpoint
/// several times, with the LiteDB -log file sampled every second; then the same documents inserted by raw LiteDB
/// <c>InsertBulk</c> for as long; then queries by id and by (instrument, time range) on the hub's store and on the raw
/// file; then <c>where=</c> search over a store filled with a million varied records.
/// </summary>
/// <remarks>
/// Duration: <c>--duration</c> seconds, at least 600 in the full suite and 45 with <c>--quick</c>. The hub checkpoints every
/// 10 s in quick mode and every 60 s in the full one (instead of its 5-minute default) so that a run sees several.
/// </remarks>
public sealed partial class IngestBenchmark : IBenchmark
{
    const string Benchmark = "ingest";
    const string PeerName = "raw LiteDB InsertBulk";

    public string Name => Benchmark;

    public string Description => "sustained measurement ingest with checkpoints and -log size, queries by id and (instrument, time), where= search over 1 M";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var seconds = Math.Max(settings.MeasureSeconds, settings.Quick ? 45 : 600);
        var ids = Enumerable.Range(1, settings.Connections).Select(i => $"ingest-{i:D4}").ToList();
        BenchContext.Log(FormattableString.Invariant($"ingest: {ids.Count} agents, {settings.MeasurementWindow} in flight each, {seconds:0} s sustained"));

        var (hubFigures, hubDirectory) = await HubAsync(context, ids, seconds, cancellationToken).ConfigureAwait(false);
        var (rawFigures, rawFile) = await RawAsync(context, ids.Count, seconds, Path.Combine(hubDirectory, "smartlab.db")).ConfigureAwait(false);
        context.Report.Runs.Add(hubFigures);
        context.Report.Runs.Add(rawFigures);
        context.Report.Comparisons.Add(Comparison.AtLeast(Benchmark, "sustained stored documents/s", "docs/s", PeerName, hubFigures.Rate ?? 0,
            rawFigures.Rate ?? 0, 0.8, string.Create(CultureInfo.InvariantCulture,
                $"both store the same documents ({rawFigures.Extra.GetValueOrDefault("documentBytes"):0} B of BSON, {rawFigures.Extra.GetValueOrDefault("searchKeysPerDocument"):0} search keys) with the same {rawFigures.Extra.GetValueOrDefault("indexes"):0} indexes; each hub document also travels over MQTT (publish, PUBACK, ack topic), is validated against its profile and gets a feed outbox entry")
                + MeasurementBenchmark.CpuSplit(hubFigures, rawFigures)));
        context.Report.Comparisons.Add(Comparison.Zero(Benchmark, "lost or refused documents", PeerName,
            (hubFigures.Dropped ?? 0) + (hubFigures.Rejected ?? 0), 0, "acknowledged documents missing from the hub's counters, or refused"));
        context.Report.Comparisons.Add(Comparison.Report(Benchmark, "largest -log file", "MiB", PeerName,
            hubFigures.Extra.GetValueOrDefault("maxLogBytes") / 1048576.0, rawFigures.Extra.GetValueOrDefault("maxLogBytes") / 1048576.0));

        CompareQueries(context, hubDirectory, rawFile);
        await SearchAsync(context, cancellationToken).ConfigureAwait(false);
    }

    static async Task<(RunFigures Figures, string DataDirectory)> HubAsync(BenchContext context, IReadOnlyList<string> ids, double seconds,
        CancellationToken cancellationToken)
    {
        // The child hub reads its configuration from the environment as well; set only while it starts.
        const string checkpointVariable = "SmartLab__Store__CheckpointInterval";
        Environment.SetEnvironmentVariable(checkpointVariable, context.Settings.Quick ? "00:00:10" : "00:01:00");
        HubPeer hub;
        try
        {
            hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        }
        finally
        {
            Environment.SetEnvironmentVariable(checkpointVariable, null);
        }

        using var loop = new GeneratorLoop();
        await using (hub.ConfigureAwait(false))
        {
            var agents = await Agents.ConnectAsync(hub.MqttPort, await hub.RegisterAsync(ids).ConfigureAwait(false), 16, loop, cancellationToken)
                .ConfigureAwait(false);
            using var pinger = new KeepAlivePinger();
            pinger.Add(agents);
            var lanes = agents.Select((a, i) => new PublisherLane(a, Agents.Topic(a.ClientId, "measurements"), new MeasurementPayloads($"m{i + 1:D4}")))
                .ToList();
            var load = new Qos1Load(loop, lanes);
            await load.StartSaturatingAsync(context.Settings.MeasurementWindow).ConfigureAwait(false);
            await Task.Delay(context.PeerWarmup, cancellationToken).ConfigureAwait(false);

            var log = new LogFileSampler(Path.Combine(hub.DataDirectory, "smartlab-log.db"));
            var before = await hub.MetricsAsync().ConfigureAwait(false);
            var acked = load.Acked;
            load.Recording = true;
            var window = Stopwatch.StartNew();
            var lastReport = 0.0;
            while (window.Elapsed.TotalSeconds < seconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                log.Sample(window.Elapsed.TotalSeconds);
                if (window.Elapsed.TotalSeconds - lastReport >= 60)
                {
                    lastReport = window.Elapsed.TotalSeconds;
                    BenchContext.Log(FormattableString.Invariant(
                        $"  {lastReport,5:0} s  {(load.Acked - acked) / lastReport,8:N0} docs/s  -log {log.CurrentBytes / 1048576.0:0.0} MiB (max {log.MaxBytes / 1048576.0:0.0})  {log.Shrinks} checkpoints"));
                }
            }

            load.Recording = false;
            var elapsed = window.Elapsed.TotalSeconds;
            var stored = load.Acked - acked;
            var after = await hub.MetricsAsync().ConfigureAwait(false);
            var unacknowledged = await load.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            var counters = await hub.CountersAsync().ConfigureAwait(false);
            await Agents.CloseAsync(agents).ConfigureAwait(false);

            var commits = after.GetValueOrDefault("smartlab_store_commits_total") - before.GetValueOrDefault("smartlab_store_commits_total");
            var figures = new RunFigures
            {
                Benchmark = Benchmark, Peer = HubPeer.Name, Phase = FormattableString.Invariant($"QoS 1 over MQTT, {elapsed:0} s sustained"),
                Unit = "docs/s", Rate = stored / elapsed, P50Ms = load.Latency.PercentileMs(0.5), P99Ms = load.Latency.PercentileMs(0.99),
                Sent = load.Sent, Received = counters.MeasurementsStored, Rejected = load.Rejected + counters.MeasurementsRejected,
                Dropped = Math.Max(0, load.Acked - counters.MeasurementsStored) + unacknowledged, PeerRssBytes = hub.ResidentBytes,
                WindowSeconds = elapsed,
                Note = FormattableString.Invariant($"-log max {log.MaxBytes / 1048576.0:0.0} MiB, {log.Shrinks} checkpoints seen; latency publish→PUBACK"),
            };
            figures.Extra["maxLogBytes"] = log.MaxBytes;
            figures.Extra["checkpoints"] = log.Shrinks;
            figures.Extra["storeCommits"] = commits;
            figures.Extra["documentsPerCommit"] = commits > 0 ? stored / commits : 0;
            figures.Extra["searchKeysPerDocument"] = SearchKeysPerPayload;
            double Delta(string metric) => after.GetValueOrDefault(metric) - before.GetValueOrDefault(metric);
            if (stored > 0 && Delta("process_cpu_seconds_total") > 0)
            {
                figures.PeerCpuPercent = Delta("process_cpu_seconds_total") / elapsed * 100;
                figures.Extra["peerCpuMicrosecondsPerDocument"] = Delta("process_cpu_seconds_total") / stored * 1e6;
            }

            // Only where the hub reports its writer thread (Linux): no split at all rather than one with a writer of zero.
            if (stored > 0 && Delta("process_cpu_seconds_total") > 0 && Delta("smartlab_store_writer_cpu_seconds_total") > 0)
            {
                figures.Extra["writerCpuMicrosecondsPerDocument"] = Delta("smartlab_store_writer_cpu_seconds_total") / stored * 1e6;
                figures.Extra["restCpuMicrosecondsPerDocument"] =
                    (Delta("process_cpu_seconds_total") - Delta("smartlab_store_writer_cpu_seconds_total")) / stored * 1e6;
            }

            BenchContext.Log(FormattableString.Invariant(
                $"  {HubPeer.Name,-13} {figures.Rate,10:N0} docs/s  p99 {figures.P99Ms:0.00} ms  -log max {log.MaxBytes / 1048576.0:0.0} MiB  {log.Shrinks} checkpoints"));
            return (figures, hub.DataDirectory);
        }
    }

    /// <summary>
    /// Entries the hub writes to its search-key index for one benchmark document: six parameters (four given, two defaults),
    /// one condition, two metadata values and the method.
    /// </summary>
    const int SearchKeysPerPayload = 10;

    static async Task<(RunFigures Figures, string File)> RawAsync(BenchContext context, int batch, double seconds, string hubFile)
    {
        var directory = context.NewDirectory("ingest-raw-litedb");
        var output = Path.Combine(directory, "result.json");
        var info = context.Pinning.PeerStartInfo("dotnet",
        [
            RepoPaths.BenchDll, "peer-litedb", "--dir", directory, "--like", hubFile, "--batch", batch.ToString(CultureInfo.InvariantCulture),
            "--warmup-seconds", context.PeerWarmup.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--seconds", seconds.ToString(CultureInfo.InvariantCulture), "--output", output,
        ]);
        context.ConfigureDotnetPeer(info);
        var log = new LogFileSampler(Path.Combine(directory, "raw-log.db"));
        using (var peer = ChildProcess.Start(PeerName, info, Path.Combine(context.WorkDirectory, "ingest-raw-litedb.log")))
        {
            var waiting = peer.WaitForExitAsync(context.PeerWarmup + TimeSpan.FromSeconds(seconds + 120));
            var clock = Stopwatch.StartNew();
            while (!waiting.IsCompleted)
            {
                await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
                log.Sample(clock.Elapsed.TotalSeconds);
            }

            if (await waiting.ConfigureAwait(false) != 0 || !File.Exists(output))
            {
                throw new InvalidOperationException($"raw LiteDB peer failed:\n{peer.Tail()}");
            }
        }

        var result = JsonSerializer.Deserialize<LiteDbPeer.Result>(await File.ReadAllTextAsync(output).ConfigureAwait(false))!;
        var figures = new RunFigures
        {
            Benchmark = Benchmark, Peer = PeerName, Phase = FormattableString.Invariant($"{batch} documents per transaction, {result.Seconds:0} s"),
            Unit = "docs/s", Rate = result.DocumentsPerSecond, P50Ms = result.CommitP50Ms, P99Ms = result.CommitP99Ms, Sent = result.Documents,
            Received = result.Documents, Dropped = 0, PeerCpuPercent = result.CpuPercent, WindowSeconds = result.Seconds,
            Note = FormattableString.Invariant($"-log max {log.MaxBytes / 1048576.0:0.0} MiB (LiteDB's own checkpoint at 1000 pages); latency one InsertBulk"),
        };
        figures.Extra["maxLogBytes"] = log.MaxBytes;
        figures.Extra["indexes"] = result.Indexes;
        figures.Extra["searchKeysPerDocument"] = result.SearchKeysPerDocument;
        figures.Extra["documentBytes"] = result.DocumentBytes;
        figures.Extra["peerCpuMicrosecondsPerDocument"] = result.DocumentsPerSecond > 0 ? result.CpuPercent / 100 / result.DocumentsPerSecond * 1e6 : 0;
        BenchContext.Log(FormattableString.Invariant($"  {PeerName} {result.DocumentsPerSecond,10:N0} docs/s  -log max {log.MaxBytes / 1048576.0:0.0} MiB"));
        return (figures, Path.Combine(directory, "raw.db"));
    }

    /// <summary>Size of a LiteDB -log file over time; a drop is a checkpoint folding it back into the data file.</summary>
    sealed class LogFileSampler(string path)
    {
        public long MaxBytes { get; private set; }
        public long CurrentBytes { get; private set; }
        public int Shrinks { get; private set; }
        public List<(double Seconds, long Bytes)> Samples { get; } = [];

        public void Sample(double seconds)
        {
            var bytes = File.Exists(path) ? new FileInfo(path).Length : 0;
            if (bytes < CurrentBytes)
            {
                Shrinks++;
            }

            CurrentBytes = bytes;
            MaxBytes = Math.Max(MaxBytes, bytes);
            Samples.Add((seconds, bytes));
        }
    }
}
