namespace SmartLab.Storage.LiteDb;

/// <summary>A raw data file's metadata; its bytes live in LiteDB file storage under the same id.</summary>
public sealed class StoredFile
{
    /// <summary><c>{instrumentId}/{fileId}</c>.</summary>
    public string Id { get; set; } = "";
    public string InstrumentId { get; set; } = "";
    public string FileId { get; set; } = "";
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset StoredAt { get; set; }

    public static string Key(string instrumentId, string fileId) => instrumentId + "/" + fileId;
}
