using System.Text.Json;
using SmartLab.Cli.Configuration;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Control;

/// <summary>
/// The leases taken from this machine (<c>~/.config/smartlab/leases.json</c>), keyed by hub URL, account and
/// instrument. A lease id lets its holder drive an instrument, so the file is written owner-only (0600, in a 0700
/// folder when it creates one), always as a complete new file renamed over the old, under a lock so that two
/// <c>smartlab</c> processes acquiring at once do not lose each other's entries. It is only a memory of ids the hub
/// issued: when it is unreadable, commands warn and carry on without it.
/// </summary>
internal sealed class LeaseFile(string path, TimeProvider time, TextWriter warnings)
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>How long to wait for another <c>smartlab</c> to finish writing the file.</summary>
    static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Entries are kept this long past their expiry: the hub's clock, not this machine's, decides whether a lease is
    /// over, so a stored id is still sent (and the hub's answer shown) unless it is long dead.
    /// </summary>
    static readonly TimeSpan KeepExpired = TimeSpan.FromDays(1);

    bool _warned;

    public string Path { get; } = path;

    public StoredLease? Find(Uri hub, string account, string instrument) =>
        Read().LastOrDefault(l => l.IsFor(hub.AbsoluteUri, account, instrument));

    /// <summary>Adds <paramref name="lease"/>, replacing what was stored for the same hub, account and instrument.</summary>
    public Task SaveAsync(StoredLease lease, CancellationToken cancellationToken) =>
        UpdateAsync(leases =>
        {
            leases.RemoveAll(l => l.IsFor(lease.Hub, lease.Account, lease.Instrument));
            leases.Add(lease);
        }, cancellationToken);

    /// <summary>Forgets the lease stored for the hub, account and instrument, if any.</summary>
    public Task RemoveAsync(Uri hub, string account, string instrument, CancellationToken cancellationToken) =>
        UpdateAsync(leases => leases.RemoveAll(l => l.IsFor(hub.AbsoluteUri, account, instrument)), cancellationToken);

    List<StoredLease> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        if (!_warned)
        {
            _warned = true;
            if (FilePermissions.Warning(Path, "lease file") is { } warning)
            {
                warnings.WriteLine(warning);
            }
        }

        try
        {
            var document = JsonSerializer.Deserialize<Document>(File.ReadAllText(Path), CliJson.Options);
            return document?.Leases?.Where(l => l is { Hub: not null, Account: not null, Instrument: not null, LeaseId: not null }).ToList() ?? [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            warnings.WriteLine($"warning: ignoring the lease file {Path}: {e.Message}");
            return [];
        }
    }

    async Task UpdateAsync(Action<List<StoredLease>> change, CancellationToken cancellationToken)
    {
        try
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
            if (!Directory.Exists(folder))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder, OwnerOnlyFolder);
                }
            }

            await using var gate = await LockAsync(cancellationToken);
            var leases = Read();
            change(leases);
            var cutoff = time.GetUtcNow() - KeepExpired;
            leases.RemoveAll(l => l.ExpiresAt < cutoff);
            Write(folder, leases);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot update the lease file {Path}: {e.Message}", ExitCodes.Failed, e);
        }
    }

    /// <summary>The whole file, written to a private temporary file first and renamed over the old one.</summary>
    void Write(string folder, List<StoredLease> leases)
    {
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.partial");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var file = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(file, new Document(leases), CliJson.Indented);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>An exclusive lock on <c>leases.json.lock</c>, held while the file is read, changed and replaced.</summary>
    async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var lockPath = Path + ".lock";
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        var deadline = time.GetUtcNow() + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, options);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                // Another smartlab is between reading and renaming; it takes milliseconds.
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
            }
        }
    }

    sealed record Document(List<StoredLease>? Leases);
}
