using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Hub.Feed;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Feed;

public sealed class FolderSinkTests : IDisposable
{
    readonly string _root = RepoPaths.NewTempDirectory("smartlab-folder-sink");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static FeedPackage Package(string record, byte[] data) =>
        new("M-01", "measurement", Encoding.UTF8.GetBytes(record),
            [new FeedFile("files/M-01/scan.raw", "application/octet-stream", data.Length, Convert.ToHexStringLower(SHA256.HashData(data)), () => new MemoryStream(data))]);

    FolderSink Sink() => new("archive", _root, NullLogger<FolderSink>.Instance);

    [Fact]
    public async Task Deliver_WritesRecordFolder_NoTemporaryLeftOver()
    {
        var data = RandomNumberGenerator.GetBytes(1000);

        await Sink().DeliverAsync(Package("{\"v\":1}", data), CancellationToken.None);

        Assert.Equal(["M-01"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
        Assert.Equal("{\"v\":1}", await File.ReadAllTextAsync(Path.Combine(_root, "M-01", "record.json")));
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_root, "M-01", "files", "M-01", "scan.raw")));
    }

    [Fact]
    public async Task Deliver_SameRecordTwice_OneCopyUntouched()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        var sink = Sink();
        await sink.DeliverAsync(Package("{\"v\":1}", data), CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_root, "M-01", "record.json"));

        await sink.DeliverAsync(Package("{\"v\":1}", data), CancellationToken.None);

        Assert.Equal(["M-01"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_root, "M-01", "record.json")));
    }

    [Fact]
    public async Task Deliver_ChangedRecord_ReplacesTheCopy()
    {
        var sink = Sink();
        await sink.DeliverAsync(Package("{\"v\":1}", [1, 2, 3]), CancellationToken.None);

        await sink.DeliverAsync(Package("{\"v\":2}", [4, 5]), CancellationToken.None);

        Assert.Equal(["M-01"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
        Assert.Equal("{\"v\":2}", await File.ReadAllTextAsync(Path.Combine(_root, "M-01", "record.json")));
        Assert.Equal([4, 5], await File.ReadAllBytesAsync(Path.Combine(_root, "M-01", "files", "M-01", "scan.raw")));
    }

    [Fact]
    public void Start_RemovesLeftoversOfAnInterruptedDelivery()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".tmp-M-02-abc", "files"));
        Directory.CreateDirectory(Path.Combine(_root, ".old-M-03-def"));
        Directory.CreateDirectory(Path.Combine(_root, "M-04"));

        _ = Sink();

        Assert.Equal(["M-04"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("J-000001", "J-000001")]
    [InlineData("../etc", "_etc")]
    [InlineData("a/b\\c", "a_b_c")]
    [InlineData("..", "_")]
    public void PathSegment_NeverLeavesTheFolder(string id, string expected) => Assert.Equal(expected, RecordPackager.PathSegment(id));
}
