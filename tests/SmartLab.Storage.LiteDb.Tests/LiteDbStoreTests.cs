using System.Globalization;
using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb.Tests;

public sealed class LiteDbStoreTests : IDisposable
{
    readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    static MeasurementRecord Measurement(string id, string instrument = "xrd-01", string? owner = null) => new()
    {
        Id = id,
        InstrumentId = instrument,
        Method = "theta2theta",
        Owner = owner,
        ReceivedAt = DateTimeOffset.UnixEpoch.AddDays(1),
        Document = $$"""{"v":1,"measurementId":"{{id}}"}""",
    };

    [Fact]
    public async Task AddMeasurement_SameIdTwice_StoredOnce()
    {
        using var store = new LiteDbStore(_dir.Options);

        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(Measurement("m1")));
        Assert.Equal(StoreOutcome.Duplicate, await store.AddMeasurementAsync(Measurement("m1")));

        Assert.Equal(1, store.CountMeasurements());
    }

    [Fact]
    public async Task AddMeasurement_SameIdFromAnotherInstrument_Conflict()
    {
        using var store = new LiteDbStore(_dir.Options);

        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(Measurement("m1", instrument: "xrd-01")));
        Assert.Equal(StoreOutcome.Conflict, await store.AddMeasurementAsync(Measurement("m1", instrument: "sem-01")));

        Assert.Equal("xrd-01", store.GetMeasurement("m1")!.InstrumentId);
    }

    [Fact]
    public async Task AddMeasurement_RepeatsAmongConcurrentWriters_OthersStoredRepeatsReported()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement("m0", instrument: "xrd-01"));

        // The repeats share transactions with new measurements: the failed batch must not lose or double them.
        var writes = Enumerable.Range(1, 200).Select(i => i % 50 == 0
            ? store.AddMeasurementAsync(Measurement("m0", instrument: i % 100 == 0 ? "sem-01" : "xrd-01"))
            : store.AddMeasurementAsync(Measurement($"m{i}"))).ToList();
        var outcomes = await Task.WhenAll(writes);

        Assert.Equal(196, outcomes.Count(o => o == StoreOutcome.Stored));
        Assert.Equal(2, outcomes.Count(o => o == StoreOutcome.Duplicate));
        Assert.Equal(2, outcomes.Count(o => o == StoreOutcome.Conflict));
        Assert.Equal(197, store.CountMeasurements());
    }

    [Fact]
    public async Task AddMeasurement_ConcurrentWriters_CommittedInFewerTransactionsThanWrites()
    {
        using var store = new LiteDbStore(_dir.Options);

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => store.AddMeasurementAsync(Measurement($"m{i}"))));

        Assert.Equal(1000, store.CountMeasurements());
        var (commits, writes) = store.CommitStatistics;
        Assert.Equal(1000, writes);
        Assert.True(commits < writes, $"group commit expected: {commits} commits for {writes} writes");
    }

    [Fact]
    public async Task WriterCpuTime_CountsWorkOnTheWriterThreadAndNothingElse()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement("m0"));
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(store.WriterCpuTime);
            return;
        }

        var start = store.WriterCpuTime;
        Assert.NotNull(start);

        // 300 ms of CPU on the test's own thread: not the writer's.
        SpinForCpu(TimeSpan.FromMilliseconds(300));
        var afterCaller = store.WriterCpuTime!.Value;
        Assert.True(afterCaller - start.Value < TimeSpan.FromMilliseconds(100), $"caller's work counted: {afterCaller - start.Value}");

        // 300 ms of CPU inside a write: the writer's.
        await store.WriteAsync(_ => SpinForCpu(TimeSpan.FromMilliseconds(300)));
        var afterWrite = store.WriterCpuTime!.Value;
        Assert.True(afterWrite - afterCaller >= TimeSpan.FromMilliseconds(250), $"writer's work not counted: {afterWrite - afterCaller}");
    }

    /// <summary>Busy until the calling thread has used <paramref name="cpu"/> of CPU time (its own /proc figures, 10 ms ticks).</summary>
    static int SpinForCpu(TimeSpan cpu)
    {
        static long ThreadCpuTicks()
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        var start = ThreadCpuTicks();
        var x = 0UL;
        while ((ThreadCpuTicks() - start) * 10 < cpu.TotalMilliseconds)
        {
            for (var i = 0; i < 100_000; i++)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }
        }

        return (int)(x & 1);
    }

    [Fact]
    public async Task Reopen_AfterDispose_EverythingCommittedIsThere()
    {
        using (var store = new LiteDbStore(_dir.Options))
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.AddMeasurementAsync(Measurement($"m{i}"))));
        }

        using var reopened = new LiteDbStore(_dir.Options);
        Assert.Equal(50, reopened.CountMeasurements());
        Assert.Equal(StoreOutcome.Stored, await reopened.AddMeasurementAsync(Measurement("m50")));
        var (items, _) = reopened.QueryMeasurements(new MeasurementQuery { Limit = 1 });
        Assert.Equal("m50", items.Single().Id);
    }

    [Fact]
    public void Open_SecondStoreOnSameFolder_RefusedWithClearMessage()
    {
        using var store = new LiteDbStore(_dir.Options);

        var error = Assert.Throws<DataDirectoryLockedException>(() => new LiteDbStore(_dir.Options));

        Assert.Contains("in use by another SmartLab hub", error.Message);
        Assert.Contains(DataDirectoryLock.FileName, error.Message);
    }

    [Fact]
    public async Task QueryMeasurements_FiltersAndPages_NewestFirstWithoutGapsOrRepeats()
    {
        using var store = new LiteDbStore(_dir.Options);
        for (var i = 0; i < 25; i++)
        {
            await store.AddMeasurementAsync(Measurement($"m{i:D2}", i % 2 == 0 ? "xrd-01" : "sem-01", owner: i % 5 == 0 ? "alice" : null));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var (items, next) = store.QueryMeasurements(new MeasurementQuery { InstrumentId = "xrd-01", Limit = 4, Cursor = cursor });
            seen.AddRange(items.Select(m => m.Id));
            cursor = next;
        }
        while (cursor is not null);

        var expected = Enumerable.Range(0, 25).Where(i => i % 2 == 0).Reverse().Select(i => $"m{i:D2}").ToList();
        Assert.Equal(expected, seen);

        var (owned, _) = store.QueryMeasurements(new MeasurementQuery { Owner = "alice" });
        Assert.Equal(["m20", "m15", "m10", "m05", "m00"], owned.Select(m => m.Id));
    }

    [Fact]
    public async Task AddFile_BeforeItsMeasurement_MeasurementShowsFileStored()
    {
        using var store = new LiteDbStore(_dir.Options);
        var bytes = "raw detector frame"u8.ToArray();
        var file = new StoredFile { InstrumentId = "sem-01", FileId = "f1", Name = "image.png", Size = bytes.Length, Sha256 = "x" };

        Assert.Equal(StoreOutcome.Stored, await store.AddFileAsync(file, bytes, measurementId: null));
        var measurement = Measurement("m1", "sem-01");
        measurement.Files.Add(new MeasurementFile { FileId = "f1", Name = "image.png", Size = bytes.Length, Sha256 = "x" });
        await store.AddMeasurementAsync(measurement);

        Assert.True(store.GetMeasurement("m1")!.Files.Single().Stored);
        using var copy = new MemoryStream();
        Assert.True(store.CopyFileTo("sem-01", "f1", copy));
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(StoreOutcome.Duplicate, await store.AddFileAsync(file, bytes, measurementId: null));
    }

    [Fact]
    public async Task Write_ThatThrows_FailsAloneAndNeighboursCommit()
    {
        using var store = new LiteDbStore(_dir.Options);

        var good = Enumerable.Range(0, 20).Select(i => store.AddMeasurementAsync(Measurement($"m{i}"))).ToList();
        var bad = store.WriteAsync<int>(_ => throw new InvalidOperationException("broken write"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        await Task.WhenAll(good);
        Assert.Equal(20, store.CountMeasurements());
    }

    [Fact]
    public async Task Commit_EveryBatch_LogForcedToDisk()
    {
        using var store = new LiteDbStore(_dir.Options);

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.AddMeasurementAsync(Measurement($"m{i}"))));

        var (commits, _) = store.CommitStatistics;
        Assert.Equal(commits, store.LogSyncs);
    }

    [Fact]
    public async Task Checkpoint_AfterWrites_CompletesAndEmptiesTheLog()
    {
        using var store = new LiteDbStore(_dir.Options);
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => store.AddMeasurementAsync(Measurement($"m{i}"))));
        var log = Path.Combine(_dir.Path, "smartlab-log.db");
        Assert.True(new FileInfo(log).Length > 0);

        await store.CheckpointAsync();

        Assert.Equal(0, new FileInfo(log).Length);
        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(Measurement("after")));
        Assert.Equal(201, store.CountMeasurements());
    }

    [Fact]
    public async Task IoFailure_FailsTheBatch_ThenStoreReopensAndKeepsCommittedData()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement("before"));

        // What a full disk looks like from inside LiteDB: an IOException during a write.
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync<int>(_ => throw new IOException("No space left on device")));
        Assert.False(store.IsHealthy);
        Assert.Throws<StoreUnavailableException>(() => store.GetMeasurement("before"));

        // The next write reopens the database; what was committed before the failure is all there.
        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(Measurement("after")));
        Assert.True(store.IsHealthy);
        Assert.NotNull(store.GetMeasurement("before"));
        Assert.Equal(2, store.CountMeasurements());
    }
}
