namespace SmartLab.Agent.Internal;

/// <summary>Durable file writes: data reaches the disk before the name points at it, so a crash leaves the old or the new content, never half.</summary>
static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        // .NET cannot fsync a directory; journalling file systems (ext4 data=ordered, NTFS, APFS) commit the rename after the data.
        File.Move(temp, path, overwrite: true);
    }
}
