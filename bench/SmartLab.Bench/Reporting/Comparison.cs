namespace SmartLab.Bench.Reporting;

/// <summary>One figure of SmartLab set against the same figure of its peer, with the target it must meet.</summary>
public sealed class Comparison
{
    public required string Benchmark { get; init; }
    public required string Metric { get; init; }
    public required string Unit { get; init; }
    public required string PeerName { get; init; }
    public double? SmartLab { get; init; }
    public double? Peer { get; init; }

    /// <summary>SmartLab divided by the peer.</summary>
    public double? Ratio { get; init; }

    /// <summary>Human-readable target, for example <c>≥ 1.0×</c>.</summary>
    public required string Target { get; init; }
    public bool Pass { get; init; }

    /// <summary>Why the target was missed, from what this run measured.</summary>
    public string? Note { get; set; }

    public static Comparison AtLeast(string benchmark, string metric, string unit, string peerName, double smartLab, double peer, double target,
        string? note = null)
    {
        var ratio = peer > 0 ? smartLab / peer : (double?)null;
        var pass = ratio >= target;
        return new Comparison
        {
            Benchmark = benchmark, Metric = metric, Unit = unit, PeerName = peerName, SmartLab = smartLab, Peer = peer, Ratio = ratio,
            Target = FormattableString.Invariant($"≥ {target:0.0#}×"), Pass = pass, Note = pass ? null : note,
        };
    }

    public static Comparison AtMost(string benchmark, string metric, string unit, string peerName, double? smartLab, double? peer, double target,
        string? note = null)
    {
        var ratio = smartLab is { } s && peer is > 0 ? s / peer.Value : (double?)null;
        var pass = ratio <= target;
        return new Comparison
        {
            Benchmark = benchmark, Metric = metric, Unit = unit, PeerName = peerName, SmartLab = smartLab, Peer = peer, Ratio = ratio,
            Target = FormattableString.Invariant($"≤ {target:0.0#}×"), Pass = pass, Note = pass ? null : note,
        };
    }

    public static Comparison Zero(string benchmark, string metric, string peerName, long smartLab, long? peer, string? note = null) => new()
    {
        Benchmark = benchmark, Metric = metric, Unit = "messages", PeerName = peerName, SmartLab = smartLab, Peer = peer,
        Target = "= 0", Pass = smartLab == 0, Note = smartLab == 0 ? null : note,
    };

    public static Comparison Report(string benchmark, string metric, string unit, string peerName, double? smartLab, double? peer) => new()
    {
        Benchmark = benchmark, Metric = metric, Unit = unit, PeerName = peerName, SmartLab = smartLab, Peer = peer,
        Ratio = smartLab is { } s && peer is > 0 ? s / peer.Value : null, Target = "reported", Pass = true,
    };
}
