namespace SmartLab.Domain.Measurements;

/// <summary>One downsampled telemetry bucket of one channel: mean, min, max and count over the bucket.</summary>
public sealed class TelemetryPoint
{
    public long Id { get; set; }
    public string InstrumentId { get; set; } = "";
    public string Channel { get; set; } = "";

    /// <summary>Start of the bucket.</summary>
    public DateTimeOffset Ts { get; set; }
    public double Mean { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    public int Count { get; set; }

    /// <summary>Last value for non-numeric channels (boolean, string).</summary>
    public string? Last { get; set; }
}
