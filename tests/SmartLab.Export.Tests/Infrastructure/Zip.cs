using System.IO.Compression;

namespace SmartLab.Export.Tests.Infrastructure;

public static class Zip
{
    /// <summary>Every entry of an archive by path (folders end with <c>/</c> and have no bytes).</summary>
    public static Dictionary<string, byte[]> Entries(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }
}
