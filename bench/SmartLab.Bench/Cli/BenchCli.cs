using System.CommandLine;
using SmartLab.Bench.Benchmarks;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Cli;

/// <summary>
/// The command line: no command (or <c>all</c>) runs the whole suite, one command per benchmark runs just that one.
/// Options apply to every command. Two hidden commands start this program as a peer process (raw LiteDB, echo server).
/// </summary>
public static class BenchCli
{
    static readonly Option<bool> Quick = new("--quick") { Description = "small sizes and short windows: the whole suite in about two minutes", Recursive = true };
    static readonly Option<string?> Json = new("--json") { Description = "where to write the JSON report (default bench/results/<time>.json)", Recursive = true };
    static readonly Option<string?> Markdown = new("--markdown") { Description = "also write the tables as Markdown to this file", Recursive = true };
    static readonly Option<double?> Duration = new("--duration") { Description = "seconds of each measurement window", Recursive = true };
    static readonly Option<double?> Warmup = new("--warmup") { Description = "seconds of load before each window", Recursive = true };
    static readonly Option<double?> PeerWarmup = new("--peer-warmup") { Description = "seconds of load before the first window of a .NET peer (JIT tiering)", Recursive = true };
    static readonly Option<int?> SinkQos = new("--sink-qos") { Description = "telemetry: QoS of Mosquitto's plain subscriber (default 0)", Recursive = true };
    static readonly Option<int?> Instruments = new("--instruments") { Description = "telemetry: publishing instruments", Recursive = true };
    static readonly Option<int?> Window = new("--window") { Description = "telemetry: QoS 1 publishes in flight per connection", Recursive = true };
    static readonly Option<double?> LatencyLoad = new("--latency-load") { Description = "telemetry: latency is compared at this fraction of the slower peer's QoS 1 rate", Recursive = true };
    static readonly Option<int?> Connections = new("--connections") { Description = "measurements: agent connections (documents per group commit at most)", Recursive = true };
    static readonly Option<int?> Idle = new("--idle") { Description = "idle scale: idle instruments", Recursive = true };
    static readonly Option<int?> Subscribers = new("--subscribers") { Description = "fan-out: subscribers", Recursive = true };
    static readonly Option<string?> DataDir = new("--data-dir") { Description = "folder for the peers' data and the fsync floor (default: system temp)", Recursive = true };
    static readonly Option<string?> Hub = new("--hub") { Description = "SmartLab.Hub.dll to measure instead of this repository's build (to compare a change)", Recursive = true };
    static readonly Option<bool> NoPin = new("--no-pin") { Description = "do not pin peer and generator to different cores", Recursive = true };
    static readonly Option<bool> Strict = new("--strict") { Description = "exit with 2 when a target is missed", Recursive = true };

    public static IReadOnlyList<IBenchmark> All { get; } =
        [new FloorsBenchmark(), new TelemetryBenchmark(), new MeasurementBenchmark(), new IdleScaleBenchmark(), new FanOutBenchmark(), new JobsBenchmark(), new CommandsBenchmark(), new LoopBenchmark(), new IngestBenchmark()];

    public static RootCommand Build()
    {
        var root = new RootCommand("SmartLab benchmarks: the hub against Mosquitto and raw LiteDB on the same machine in the same run, reported as ratios.");
        foreach (var option in new Option[] { Quick, Json, Markdown, Duration, Warmup, PeerWarmup, SinkQos, Instruments, Window, LatencyLoad, Connections, Idle, Subscribers, DataDir, Hub, NoPin, Strict })
        {
            root.Options.Add(option);
        }

        root.SetAction((parse, cancellationToken) => RunAsync(parse, All, cancellationToken));
        var all = new Command("all", "every benchmark (the default)");
        all.SetAction((parse, cancellationToken) => RunAsync(parse, All, cancellationToken));
        root.Subcommands.Add(all);
        foreach (var benchmark in All)
        {
            var command = new Command(benchmark.Name, benchmark.Description);
            command.SetAction((parse, cancellationToken) => RunAsync(parse, [benchmark], cancellationToken));
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(LiteDbPeer.Command());
        root.Subcommands.Add(EchoServer.Command());
        root.Subcommands.Add(QuartzPeer.Command());
        return root;
    }

    static Task<int> RunAsync(ParseResult parse, IReadOnlyList<IBenchmark> benchmarks, CancellationToken cancellationToken)
    {
        var defaults = parse.GetValue(Quick) ? BenchSettings.QuickDefaults : BenchSettings.Full;
        var settings = defaults with
        {
            MeasureSeconds = parse.GetValue(Duration) ?? defaults.MeasureSeconds,
            WarmupSeconds = parse.GetValue(Warmup) ?? defaults.WarmupSeconds,
            PeerWarmupSeconds = parse.GetValue(PeerWarmup) ?? defaults.PeerWarmupSeconds,
            SinkQos = parse.GetValue(SinkQos) ?? defaults.SinkQos,
            Instruments = parse.GetValue(Instruments) ?? defaults.Instruments,
            Window = parse.GetValue(Window) ?? defaults.Window,
            LatencyLoad = parse.GetValue(LatencyLoad) ?? defaults.LatencyLoad,
            Connections = parse.GetValue(Connections) ?? defaults.Connections,
            Idle = parse.GetValue(Idle) ?? defaults.Idle,
            Subscribers = parse.GetValue(Subscribers) ?? defaults.Subscribers,
            DataDirectory = parse.GetValue(DataDir) ?? defaults.DataDirectory,
            Pin = !parse.GetValue(NoPin),
            HubDll = parse.GetValue(Hub) is { } hub ? Path.GetFullPath(hub) : defaults.HubDll,
        };
        return SuiteRunner.RunAsync(settings, benchmarks, parse.GetValue(Json), parse.GetValue(Markdown), parse.GetValue(Strict),
            string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), cancellationToken);
    }
}
