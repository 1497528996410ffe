namespace SmartLab.Bench.Peers;

/// <summary>The hub's per-instrument counters, summed.</summary>
public sealed class HubCounters
{
    public long TelemetryAccepted { get; set; }
    public long TelemetryRejected { get; set; }
    public long SeqGaps { get; set; }
    public long MeasurementsStored { get; set; }
    public long MeasurementsRejected { get; set; }
    public long Online { get; set; }

    /// <summary>Telemetry messages the hub has dealt with, either way.</summary>
    public long TelemetrySeen => TelemetryAccepted + TelemetryRejected;
}
