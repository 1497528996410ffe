using Microsoft.Extensions.Time.Testing;
using SmartLab.Cli.Control;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Control;

public sealed class LeaseFileTests : IDisposable
{
    static readonly Uri Hub = new("http://hub.test:5080/");
    static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    readonly TempFolder _home = new();
    readonly FakeTimeProvider _time = new(Now);
    readonly StringWriter _warnings = new();

    public void Dispose()
    {
        _home.Dispose();
        _warnings.Dispose();
    }

    string FilePath => _home.File(Path.Combine(".config", "smartlab", "leases.json"));

    LeaseFile Open() => new(FilePath, _time, _warnings);

    static StoredLease Lease(string instrument, string leaseId, string account = "acc1", DateTimeOffset? expires = null) =>
        new(Hub.AbsoluteUri, account, instrument, leaseId, expires ?? Now.AddMinutes(5), "sam", "sintering test");

    [Fact]
    public async Task SaveAsync_ThenFind_ReturnsTheLeaseForThatHubAccountAndInstrument()
    {
        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);
        await Open().SaveAsync(Lease("xrd-01", "lease-b"), CancellationToken.None);

        var file = Open();
        Assert.Equal("lease-a", file.Find(Hub, "acc1", "furnace-01")?.LeaseId);
        Assert.Equal("lease-b", file.Find(Hub, "acc1", "xrd-01")?.LeaseId);
        Assert.Equal("sintering test", file.Find(Hub, "acc1", "furnace-01")?.Purpose);
        Assert.Null(file.Find(Hub, "acc2", "furnace-01"));
        Assert.Null(file.Find(new Uri("http://other-hub:5080/"), "acc1", "furnace-01"));
        Assert.Empty(_warnings.ToString());
    }

    [Fact]
    public async Task SaveAsync_SameInstrumentAgain_ReplacesTheEntry()
    {
        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);
        await Open().SaveAsync(Lease("furnace-01", "lease-b"), CancellationToken.None);

        Assert.Equal("lease-b", Open().Find(Hub, "acc1", "furnace-01")?.LeaseId);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(await File.ReadAllTextAsync(FilePath), "\"leaseId\""));
    }

    [Fact]
    public async Task RemoveAsync_ForgetsOnlyThatEntry()
    {
        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);
        await Open().SaveAsync(Lease("furnace-01", "lease-c", account: "acc2"), CancellationToken.None);

        await Open().RemoveAsync(Hub, "acc1", "furnace-01", CancellationToken.None);

        Assert.Null(Open().Find(Hub, "acc1", "furnace-01"));
        Assert.Equal("lease-c", Open().Find(Hub, "acc2", "furnace-01")?.LeaseId);
    }

    [Fact]
    public async Task SaveAsync_NewFile_IsOwnerOnlyInAnOwnerOnlyFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(FilePath)!, "*.partial"));
    }

    [Fact]
    public async Task SaveAsync_FileOpenToOthers_WarnsAndRewritesItOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await Open().SaveAsync(Lease("xrd-01", "lease-b"), CancellationToken.None);

        Assert.Contains($"chmod 600 {FilePath}", _warnings.ToString(), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal("lease-a", Open().Find(Hub, "acc1", "furnace-01")?.LeaseId);
    }

    [Fact]
    public async Task SaveAsync_DropsEntriesLongExpired_KeepsRecentlyExpiredOnes()
    {
        await Open().SaveAsync(Lease("old-01", "lease-old", expires: Now.AddDays(-2)), CancellationToken.None);
        await Open().SaveAsync(Lease("recent-01", "lease-recent", expires: Now.AddMinutes(-10)), CancellationToken.None);

        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);

        Assert.Null(Open().Find(Hub, "acc1", "old-01"));

        // The hub's clock decides whether a lease is over; a recently expired id is still sent and the hub answers.
        Assert.Equal("lease-recent", Open().Find(Hub, "acc1", "recent-01")?.LeaseId);
    }

    [Fact]
    public async Task Find_CorruptFile_WarnsAndFindsNothing_ThenSaveStartsAfresh()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await File.WriteAllTextAsync(FilePath, "{ not json");

        Assert.Null(Open().Find(Hub, "acc1", "furnace-01"));
        Assert.Contains($"warning: ignoring the lease file {FilePath}", _warnings.ToString(), StringComparison.Ordinal);

        await Open().SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None);
        Assert.Equal("lease-a", Open().Find(Hub, "acc1", "furnace-01")?.LeaseId);
    }

    [Fact]
    public void Find_NoFile_FindsNothingQuietly()
    {
        Assert.Null(Open().Find(Hub, "acc1", "furnace-01"));
        Assert.Empty(_warnings.ToString());
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task SaveAsync_ManyAtOnce_KeepsEveryEntry()
    {
        var instruments = Enumerable.Range(0, 12).Select(i => $"furnace-{i:00}").ToList();

        // Real time: the writers wait on each other's lock with the clock they are given.
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await Task.WhenAll(instruments.Select(i => Task.Run(() =>
            new LeaseFile(FilePath, TimeProvider.System, _warnings).SaveAsync(Lease(i, "lease-" + i, expires: expires), CancellationToken.None))));

        var file = new LeaseFile(FilePath, TimeProvider.System, _warnings);
        Assert.All(instruments, i => Assert.Equal("lease-" + i, file.Find(Hub, "acc1", i)?.LeaseId));
    }

    [Fact]
    public async Task SaveAsync_FolderCannotBeCreated_FailsWithTheFilePath()
    {
        var blocked = _home.Write("blocked", "a file where the folder should be");
        var file = new LeaseFile(Path.Combine(blocked, "leases.json"), _time, _warnings);

        var error = await Assert.ThrowsAnyAsync<CliException>(() => file.SaveAsync(Lease("furnace-01", "lease-a"), CancellationToken.None));

        Assert.Contains("cannot update the lease file", error.Message, StringComparison.Ordinal);
    }
}
