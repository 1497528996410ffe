using System.Security.Cryptography;
using System.Text;
using SmartLab.Cli.Http;
using SmartLab.Cli.Jobs;
using SmartLab.Cli.Output;
using SmartLab.Cli.Tests.Infrastructure;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Tests.Jobs;

public sealed class JobDownloaderTests : IDisposable
{
    static readonly byte[] Pattern = Encoding.ASCII.GetBytes("2theta intensity\n10.00 120\n10.02 131\n");
    static readonly string PatternSha = Convert.ToHexStringLower(SHA256.HashData(Pattern));

    readonly TempFolder _folder = new();
    readonly StringWriter _output = new();
    readonly StringWriter _error = new();

    public void Dispose()
    {
        _folder.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    static StubHub Hub(string listedSha, bool stored = true) => new StubHub()
        .OnJson("/api/v1/jobs/J-000007", new JobView
        {
            Id = "J-000007", State = "succeeded", Method = "theta2theta", Requester = "alice", MeasurementIds = ["01JD7M"],
        })
        .OnJson("/api/v1/measurements/01JD7M", new MeasurementView
        {
            Id = "01JD7M",
            InstrumentId = "xrd-01",
            Files =
            [
                new MeasurementFileView("F1", "../pattern.xy", "text/plain", Pattern.Length, listedSha, stored,
                    stored ? "/api/v1/measurements/01JD7M/files/F1" : null),
            ],
        })
        .OnBytes("/api/v1/measurements/01JD7M/export?format=csv", Encoding.UTF8.GetBytes("# measurementId: 01JD7M\ntwoTheta [deg]\n10\n"), "text/csv")
        .OnBytes("/api/v1/measurements/01JD7M/files/F1", Pattern);

    async Task<int> DownloadAsync(StubHub stub)
    {
        using var hub = new HubClient(new Uri("http://hub.test"), "token", TimeProvider.System, stub);
        var console = new CliConsole(_output, _error, interactive: false, new Dictionary<string, string?>());
        return await new JobDownloader(hub, console).DownloadAsync("J-000007", _folder.Path, "csv", CancellationToken.None);
    }

    [Fact]
    public async Task DownloadAsync_GoodFiles_WritesExportAndVerifiedRawFile()
    {
        var code = await DownloadAsync(Hub(PatternSha));

        Assert.Equal(0, code);
        Assert.StartsWith("# measurementId: 01JD7M", await File.ReadAllTextAsync(_folder.File("01JD7M.csv")), StringComparison.Ordinal);

        // The agent's "../pattern.xy" stays inside the measurement's folder.
        Assert.Equal(Pattern, await File.ReadAllBytesAsync(_folder.File(Path.Combine("01JD7M", "pattern.xy"))));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DownloadAsync_ChecksumMismatch_ExitsOneAndKeepsNothing()
    {
        var code = await DownloadAsync(Hub(new string('0', 64)));

        Assert.Equal(1, code);
        Assert.Contains("SHA-256", _error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File(Path.Combine("01JD7M", "pattern.xy"))));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DownloadAsync_SecondRun_SkipsFilesAlreadyVerified()
    {
        await DownloadAsync(Hub(PatternSha));
        var stub = Hub(PatternSha);

        var code = await DownloadAsync(stub);

        Assert.Equal(0, code);
        Assert.DoesNotContain("GET /api/v1/measurements/01JD7M/files/F1", stub.Requests);
        Assert.Contains("up to date", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_FileNotYetOnTheHub_ExitsOne()
    {
        var code = await DownloadAsync(Hub(PatternSha, stored: false));

        Assert.Equal(1, code);
        Assert.Contains("has not reached the hub completely", _error.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("01JD7M.csv")));
    }
}
