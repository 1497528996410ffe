using System.Runtime.InteropServices;

namespace SmartLab.Bench.Measure;

/// <summary>
/// Drops a file's pages from the operating system's page cache (Linux <c>posix_fadvise(POSIX_FADV_DONTNEED)</c> after an
/// fsync), so that two files read one after the other start from the same place: both on disk, neither favoured by having
/// been written last. Needs no privileges, only write access to the file (an fsync needs a writable handle).
/// </summary>
static partial class PageCache
{
    const int DontNeed = 4;

    /// <summary>True when the kernel took the advice; false where it cannot be given (not Linux, or the call failed).</summary>
    public static bool Evict(string path)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return false;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        file.Flush(flushToDisk: true);
        return Fadvise((int)file.SafeFileHandle.DangerousGetHandle(), 0, 0, DontNeed) == 0;
    }

    // Partial methods with a return value need an explicit accessibility.
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int Fadvise(int fd, long offset, long length, int advice);
}
