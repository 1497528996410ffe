using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace SmartLab.Hub.Feed;

/// <summary>
/// Drops each record as <c>&lt;root&gt;/&lt;record id&gt;/</c> (<c>record.json</c> and <c>files/…</c>). A package is written
/// into a hidden temporary folder beside the records (same file system), flushed to disk, then renamed into place in
/// one step, so a reader never sees a half-written record. Delivering the same record again leaves one copy: an
/// identical one is kept, a different one is replaced. Hidden leftovers of a crash (<c>.tmp-*</c>, <c>.old-*</c>) are
/// removed when the sink starts.
/// </summary>
public sealed class FolderSink : IFeedSink
{
    public const string TypeName = "folder";
    const string TempPrefix = ".tmp-";
    const string OldPrefix = ".old-";

    readonly ILogger _logger;

    public FolderSink(string name, string root, ILogger<FolderSink> logger)
    {
        Name = name;
        Root = Path.GetFullPath(root);
        _logger = logger;
        Directory.CreateDirectory(Root);
        foreach (var leftover in Directory.EnumerateDirectories(Root)
                     .Where(d => Path.GetFileName(d) is { } n && (n.StartsWith(TempPrefix, StringComparison.Ordinal) || n.StartsWith(OldPrefix, StringComparison.Ordinal))))
        {
            _logger.LogInformation("Feed folder {Root}: removing {Leftover}, left by an interrupted delivery", Root, Path.GetFileName(leftover));
            Directory.Delete(leftover, recursive: true);
        }
    }

    public string Name { get; }

    /// <summary>The drop folder (absolute).</summary>
    public string Root { get; }

    /// <summary>The folder a record lands in.</summary>
    public string RecordFolder(string recordId) => Path.Combine(Root, RecordPackager.PathSegment(recordId));

    public async Task DeliverAsync(FeedPackage package, CancellationToken cancellationToken)
    {
        var target = RecordFolder(package.RecordId);
        var temp = Path.Combine(Root, TempPrefix + Path.GetFileName(target) + "-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(temp);
            await WriteAsync(Path.Combine(temp, FeedPackage.RecordFileName), new MemoryStream(package.Record, writable: false), cancellationToken);
            foreach (var file in package.Files)
            {
                var path = Path.Combine(temp, Path.Combine(file.Path.Split('/')));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var source = file.OpenRead();
                await WriteAsync(path, source, cancellationToken);
            }

            if (Directory.Exists(target))
            {
                if (SameRecord(target, package))
                {
                    return;
                }

                // rename(2) will not replace a non-empty folder: move the old copy aside (hidden), then swap.
                var old = Path.Combine(Root, OldPrefix + Path.GetFileName(target) + "-" + Guid.NewGuid().ToString("N"));
                Directory.Move(target, old);
                Directory.Move(temp, target);
                Directory.Delete(old, recursive: true);
                return;
            }

            Directory.Move(temp, target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FeedDeliveryException($"cannot write to {Root}: {ex.Message}", inner: ex);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    static async Task WriteAsync(string path, Stream source, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await source.CopyToAsync(target, cancellationToken);
        target.Flush(flushToDisk: true);
    }

    /// <summary>The copy already there is this package: same record document and same files.</summary>
    static bool SameRecord(string folder, FeedPackage package)
    {
        var record = Path.Combine(folder, FeedPackage.RecordFileName);
        if (!File.Exists(record) || !File.ReadAllBytes(record).AsSpan().SequenceEqual(package.Record))
        {
            return false;
        }

        foreach (var file in package.Files)
        {
            var path = Path.Combine(folder, Path.Combine(file.Path.Split('/')));
            if (!File.Exists(path) || new FileInfo(path).Length != file.Size)
            {
                return false;
            }

            using var stream = File.OpenRead(path);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
