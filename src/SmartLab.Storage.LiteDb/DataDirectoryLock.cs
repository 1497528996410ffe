namespace SmartLab.Storage.LiteDb;

/// <summary>
/// Exclusive lock on a data folder. LiteDB in Direct mode must be opened by one process only (two writers silently lose
/// data on Linux), so a second hub pointed at the same folder stops at start instead.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "smartlab.lock";

    readonly FileStream _stream;

    DataDirectoryLock(FileStream stream) => _stream = stream;

    public string Path => _stream.Name;

    /// <summary>Takes the lock or throws <see cref="DataDirectoryLockedException"/>.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.Combine(dataDirectory, FileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, released by the kernel when the process dies.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }

            stream.Flush(true);
            return new DataDirectoryLock(stream);
        }
        catch (IOException ex)
        {
            throw new DataDirectoryLockedException(
                $"data folder {System.IO.Path.GetFullPath(dataDirectory)} is in use by another SmartLab hub (lock file {path} is held); " +
                "stop the other hub or choose another SmartLab:DataDirectory", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another process holds the data folder.</summary>
public sealed class DataDirectoryLockedException(string message, Exception inner) : Exception(message, inner);
