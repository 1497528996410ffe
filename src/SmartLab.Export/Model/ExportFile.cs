namespace SmartLab.Export.Model;

/// <summary>A file an agent sent with a measurement; <see cref="Content"/> is null when its bytes have not all arrived.</summary>
public sealed record ExportFile(string FileId, string Name, string MediaType, long Size, string Sha256, byte[]? Content)
{
    /// <summary>A name safe to use inside an archive or folder: no directories, no characters a file system refuses.</summary>
    public string SafeName => ExportNames.SafeFileName(Name, FileId);
}
