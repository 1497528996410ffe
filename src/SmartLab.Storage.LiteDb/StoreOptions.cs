using System.ComponentModel.DataAnnotations;

namespace SmartLab.Storage.LiteDb;

/// <summary>Settings of the embedded LiteDB store.</summary>
public sealed class StoreOptions
{
    /// <summary>Folder for the database, its log and the lock file. Default <c>./data</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How often the writer folds the write-ahead log back into the data file. Default 5 minutes.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most writes committed together in one transaction (group commit). Default 1024.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 1024;

    /// <summary>Most writes waiting for the writer before callers are held back. Default 65536.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 65536;

    public string DatabasePath => Path.Combine(DataDirectory, "smartlab.db");
}
