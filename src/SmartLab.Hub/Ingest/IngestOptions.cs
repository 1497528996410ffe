namespace SmartLab.Hub.Ingest;

/// <summary>Ingest settings, bound from <c>SmartLab:Ingest</c>.</summary>
public sealed class IngestOptions
{
    /// <summary>Telemetry is kept in history as mean/min/max per channel over buckets of this length. Default 10 s.</summary>
    public TimeSpan TelemetryBucket { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most bytes of incomplete files held in memory across all instruments. Default 512 MiB.</summary>
    public long MaxStagedFileBytes { get; set; } = 512L * 1024 * 1024;
}
