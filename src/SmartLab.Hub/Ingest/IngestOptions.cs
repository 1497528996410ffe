namespace SmartLab.Hub.Ingest;

/// <summary>Ingest settings, bound from <c>SmartLab:Ingest</c>.</summary>
public sealed class IngestOptions
{
    /// <summary>Telemetry is kept in history as mean/min/max per channel over buckets of this length. Default 10 s.</summary>
    public TimeSpan TelemetryBucket { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long telemetry history is kept; older buckets are deleted once an hour. Default 365 days.</summary>
    public TimeSpan TelemetryRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Most bytes of incomplete files held in memory across all instruments. Default 512 MiB.</summary>
    public long MaxStagedFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Most bytes of incomplete files held for one instrument, so one agent cannot block the others. Default 128 MiB.</summary>
    public long MaxStagedFileBytesPerInstrument { get; set; } = 128L * 1024 * 1024;

    /// <summary>Most chunks one file may announce. Default 65536 (16 GiB at 256 KiB chunks; memory is bounded by the budgets above).</summary>
    public int MaxChunksPerFile { get; set; } = 65536;

    /// <summary>An incomplete file that receives no chunk for this long is dropped (the agent resends it after reconnecting). Default 10 minutes.</summary>
    public TimeSpan StagedFileTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
