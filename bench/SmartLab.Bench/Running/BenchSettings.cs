namespace SmartLab.Bench.Running;

/// <summary>
/// Sizes and durations of one run. <c>--quick</c> picks small ones so the whole suite takes about two minutes; the
/// full suite takes about ten. Every figure can be overridden on the command line.
/// </summary>
public sealed record BenchSettings
{
    public bool Quick { get; init; }

    /// <summary>Seconds of load before a measurement window opens (JIT tiering, buffers, connection pools).</summary>
    public double WarmupSeconds { get; init; } = 5;

    /// <summary>
    /// Seconds of load before the first window of each .NET peer (hub, raw LiteDB): the runtime compiles hot code again,
    /// optimized, only after it has run for a while (tiered compilation), and a fresh hub under full load takes about
    /// half a minute on a small machine to get there. Later windows of the same process use <see cref="WarmupSeconds"/>.
    /// </summary>
    public double PeerWarmupSeconds { get; init; } = 30;

    /// <summary>
    /// Start .NET peers with quick tier-up (no call-counting delay, no PGO instrumentation) so that a short warm-up
    /// reaches optimized code. Quick mode only; the full suite measures the runtime's defaults.
    /// </summary>
    public bool FastTierUp { get; init; }

    /// <summary>Length of each measurement window, seconds.</summary>
    public double MeasureSeconds { get; init; } = 20;

    /// <summary>Telemetry ingest: publishing instruments (one connection each).</summary>
    public int Instruments { get; init; } = 50;

    /// <summary>QoS 1 publishes each telemetry connection keeps in flight when saturating.</summary>
    public int Window { get; init; } = 16;

    /// <summary>QoS of Mosquitto's plain subscriber (the hub's telemetry has no subscriber at all, so 0 is the like-for-like sink).</summary>
    public int SinkQos { get; init; }

    /// <summary>Latency is compared at this fraction of the slower peer's saturated QoS 1 rate.</summary>
    public double LatencyLoad { get; init; } = 0.5;

    /// <summary>Measurement ingest: agent connections, each with <see cref="MeasurementWindow"/> documents in flight.</summary>
    public int Connections { get; init; } = 64;

    public int MeasurementWindow { get; init; } = 4;

    /// <summary>Idle scale: connected instruments that only said hello.</summary>
    public int Idle { get; init; } = 1000;

    /// <summary>Fan-out: subscribers of the one publishing instrument.</summary>
    public int Subscribers { get; init; } = 100;

    /// <summary>Fan-out: most messages the slowest subscriber may be behind the publisher.</summary>
    public int FanOutWindow { get; init; } = 100;

    /// <summary>Floors: seconds of loopback ping-pong and number of 4 KiB fsyncs.</summary>
    public double PingSeconds { get; init; } = 5;

    public int Fsyncs { get; init; } = 1000;

    /// <summary>Folder for the peers' data (the fsync floor is measured there too). Default: the system temp folder.</summary>
    public string? DataDirectory { get; init; }

    public bool Pin { get; init; } = true;

    /// <summary>The hub to measure (default: this repository's build); another build, for comparing a change.</summary>
    public string HubDll { get; init; } = RepoPaths.HubDll;

    public static BenchSettings Full { get; } = new();

    public static BenchSettings QuickDefaults { get; } = new()
    {
        Quick = true,
        WarmupSeconds = 1,
        PeerWarmupSeconds = 8,
        FastTierUp = true,
        MeasureSeconds = 4,
        Instruments = 16,
        Connections = 32,
        Idle = 1000,
        PingSeconds = 1.5,
        Fsyncs = 200,
    };
}
