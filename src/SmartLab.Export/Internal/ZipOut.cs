using System.IO.Compression;

namespace SmartLab.Export.Internal;

/// <summary>Writes zip entries with a fixed timestamp, so the same export gives the same archive.</summary>
sealed class ZipOut(Stream output, DateTimeOffset stamp) : IDisposable
{
    readonly ZipArchive _zip = new(output, ZipArchiveMode.Create, leaveOpen: true);

    public void Add(string path, byte[] content)
    {
        var entry = _zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using var stream = entry.Open();
        stream.Write(content);
    }

    /// <summary>An empty folder, so a structure's required folder exists even when nothing goes in it.</summary>
    public void Folder(string path) => _zip.CreateEntry(path.EndsWith('/') ? path : path + "/").LastWriteTime = stamp;

    public void Dispose() => _zip.Dispose();
}
