namespace SmartLab.Bench.Reporting;

/// <summary>What one peer did in one phase of one benchmark: rate, latency, losses and the CPU it took.</summary>
public sealed class RunFigures
{
    public required string Benchmark { get; init; }
    public required string Peer { get; init; }
    public required string Phase { get; init; }

    /// <summary>Items per second arriving at the sink (messages, deliveries, documents, round trips...).</summary>
    public double? Rate { get; set; }
    public string Unit { get; set; } = "msg/s";
    public double? P50Ms { get; set; }
    public double? P99Ms { get; set; }
    public long? Sent { get; set; }
    public long? Received { get; set; }

    /// <summary>Sent but neither received nor refused, after the drain: a silent loss.</summary>
    public long? Dropped { get; set; }

    /// <summary>Refused with a reason (PUBACK failure code, hub rejection counter).</summary>
    public long? Rejected { get; set; }

    /// <summary>CPU of the peer under test during the window, percent of one core.</summary>
    public double? PeerCpuPercent { get; set; }

    /// <summary>CPU of the load generator (this process) during the window, percent of one core.</summary>
    public double? GeneratorCpuPercent { get; set; }

    /// <summary>
    /// Share of the window the generator loop spent moving data, percent. The loop spins, so its CPU is always near
    /// 100 %; this is how close it came to being the bottleneck.
    /// </summary>
    public double? GeneratorBusyPercent { get; set; }

    /// <summary>CPU other processes took on the peer's core during the window, percent of one core (a shared machine's noise).</summary>
    public double? OthersOnPeerCorePercent { get; set; }

    /// <summary>Time the hypervisor ran something else instead of the peer's core, percent.</summary>
    public double? StealPercent { get; set; }

    public long? PeerRssBytes { get; set; }
    public double? WindowSeconds { get; set; }

    /// <summary>Anything else worth keeping (commits, batch sizes, memory per connection...).</summary>
    public Dictionary<string, double> Extra { get; } = [];
    public string? Note { get; set; }
}
