using System.Security.Cryptography;
using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Output;

/// <summary>
/// Writes a file so that it either appears complete or not at all: the bytes go to a hidden temporary file in the same
/// folder, are flushed to disk, checked, and only then renamed over the final name. An interrupted download never
/// leaves a truncated file that looks like data.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The written file's size and SHA-256 (lowercase hex).</summary>
    public readonly record struct Written(long Size, string Sha256);

    /// <summary>
    /// Copies <paramref name="content"/> to <paramref name="path"/>. With <paramref name="expectedSha256"/> the file is
    /// kept only when its hash matches; otherwise a <see cref="CliException"/> says so and nothing is left behind.
    /// </summary>
    public static async Task<Written> WriteAsync(string path, Stream content, string? expectedSha256, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                // On disk before the rename, so a crash cannot leave a complete-looking name with missing bytes.
                file.Flush(flushToDisk: true);
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedSha256 is not null && !sha256.Equals(expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"{path}: SHA-256 is {sha256} but the hub lists {expectedSha256}; the file was not kept", ExitCodes.Failed);
            }

            File.Move(temporary, path, overwrite: true);
            return new Written(size, sha256);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static Task<Written> WriteAsync(string path, byte[] content, CancellationToken cancellationToken) =>
        WriteAsync(path, new MemoryStream(content, writable: false), expectedSha256: null, cancellationToken);

    /// <summary>SHA-256 of an existing file (lowercase hex), or null when there is none.</summary>
    public static async Task<string?> Sha256Async(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
