using SmartLab.Domain.Feed;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb.Tests;

/// <summary>The feed outbox entry commits with the change that makes its record final, or not at all.</summary>
public sealed class OutboxTests : IDisposable
{
    static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    static MeasurementRecord Measurement(string id, string? jobId = null, params string[] fileIds) => new()
    {
        Id = id,
        InstrumentId = "xrd-01",
        JobId = jobId,
        ReceivedAt = T0,
        Files = [.. fileIds.Select(f => new MeasurementFile { FileId = f, Name = f + ".raw", Size = 3 })],
        Document = $$"""{"v":1,"measurementId":"{{id}}"}""",
    };

    static async Task<JobRecord> SucceededJobAsync(LiteDbStore store)
    {
        var job = new JobRecord { InstrumentKind = "xrd-powder", Method = "theta2theta", Requester = "alice" };
        job.Created("user:alice", null, T0);
        await store.CreateJobsAsync([job], null, "fp");
        foreach (var state in new[] { JobStates.Approved, JobStates.Queued, JobStates.Dispatched, JobStates.Running, JobStates.Succeeded })
        {
            Assert.True(job.Move(state, "hub", null, null, T0), state);
        }

        await store.SaveJobsAsync([job]);
        return job;
    }

    /// <summary>The job as staff deliver it, five minutes after it was created (not yet saved).</summary>
    static JobRecord DeliveredCopy(JobRecord job)
    {
        var delivered = job.Clone();
        Assert.True(delivered.Move(JobStates.Delivered, "staff:sam", null, null, T0.AddMinutes(5)));
        return delivered;
    }

    [Fact]
    public async Task JobDelivery_WritesEntryInTheSameTransaction()
    {
        using var store = new LiteDbStore(_dir.Options);
        var job = await SucceededJobAsync(store);
        Assert.Null(store.GetOutboxEntry(job.Id));

        var delivered = DeliveredCopy(job);
        await store.SaveJobsAsync([delivered], db => LiteDbStore.ReleaseMeasurements(db, delivered.Id, delivered.Owner));

        var entry = store.GetOutboxEntry(job.Id);
        Assert.NotNull(entry);
        Assert.Equal(OutboxKinds.Job, entry.Kind);
        Assert.Equal(OutboxStatus.Pending, entry.Status);
        Assert.Equal(T0.AddMinutes(5), entry.CreatedAt);
    }

    [Fact]
    public async Task StandaloneMeasurement_NamedLikeADeliveredJob_StoredAndTheJobKeepsItsEntry()
    {
        using var store = new LiteDbStore(_dir.Options);
        var job = await SucceededJobAsync(store);
        var delivered = DeliveredCopy(job);
        await store.SaveJobsAsync([delivered], db => LiteDbStore.ReleaseMeasurements(db, delivered.Id, delivered.Owner));

        // Outbox entries are keyed by record id, and an agent may name a measurement like a job: the new measurement must
        // still be stored (not refused by the entry's unique id), and the job's entry must stay the job's.
        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(Measurement(job.Id)));
        Assert.Equal(StoreOutcome.Stored, await store.AddMeasurementAsync(Measurement("m-ordinary")));

        Assert.NotNull(store.GetMeasurement(job.Id));
        Assert.Equal(OutboxKinds.Job, store.GetOutboxEntry(job.Id)!.Kind);
        Assert.Equal(OutboxKinds.Measurement, store.GetOutboxEntry("m-ordinary")!.Kind);
        Assert.Equal(2, store.CountOutboxEntries());
    }

    [Fact]
    public async Task JobDelivery_TransactionFailsAfterTheEntry_NeitherDeliveryNorEntryStored()
    {
        using var store = new LiteDbStore(_dir.Options);
        var job = await SucceededJobAsync(store);
        var delivered = DeliveredCopy(job);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveJobsAsync([delivered], db =>
        {
            LiteDbStore.ReleaseMeasurements(db, delivered.Id, delivered.Owner);
            throw new InvalidOperationException("the audit write failed");
        }));

        Assert.Equal(JobStates.Succeeded, store.GetJob(job.Id)!.State);
        Assert.Null(store.GetOutboxEntry(job.Id));
        Assert.Equal(0, store.CountOutboxEntries());
    }

    [Fact]
    public async Task StandaloneMeasurement_WithoutFiles_FinalOnStore()
    {
        using var store = new LiteDbStore(_dir.Options);

        await store.AddMeasurementAsync(Measurement("M-1"));
        await store.AddMeasurementAsync(Measurement("M-1"));

        var entry = store.GetOutboxEntry("M-1");
        Assert.NotNull(entry);
        Assert.Equal(OutboxKinds.Measurement, entry.Kind);
        Assert.Equal(1, store.CountOutboxEntries());
    }

    [Fact]
    public async Task StandaloneMeasurement_WithFiles_FinalWithItsLastFile()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement("M-2", null, "F-a", "F-b"));
        Assert.Null(store.GetOutboxEntry("M-2"));

        await store.AddFileAsync(new StoredFile { InstrumentId = "xrd-01", FileId = "F-a", Name = "F-a.raw", StoredAt = T0 }, new byte[3], "M-2");
        Assert.Null(store.GetOutboxEntry("M-2"));

        await store.AddFileAsync(new StoredFile { InstrumentId = "xrd-01", FileId = "F-b", Name = "F-b.raw", StoredAt = T0.AddSeconds(9) }, new byte[3], "M-2");
        var entry = store.GetOutboxEntry("M-2");
        Assert.NotNull(entry);
        Assert.Equal(T0.AddSeconds(9), entry.CreatedAt);
    }

    [Fact]
    public async Task MeasurementOfAJob_NoEntryOfItsOwn()
    {
        using var store = new LiteDbStore(_dir.Options);

        await store.AddMeasurementAsync(Measurement("M-3", "J-000001"));

        Assert.Null(store.GetOutboxEntry("M-3"));
    }

    [Fact]
    public async Task ManyRecordsInOneBatch_EachGetsOneEntryWithItsOwnSequence()
    {
        using var store = new LiteDbStore(_dir.Options);

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => store.AddMeasurementAsync(Measurement($"M-{i}"))));

        var (items, _) = store.QueryOutbox(null, 1000, null);
        Assert.Equal(300, items.Count);
        Assert.Equal(300, items.Select(e => e.Seq).Distinct().Count());
        Assert.True(store.CommitStatistics.Commits < 300, "the writes were batched");
    }

    [Fact]
    public async Task Reopen_EntriesSurviveAndDueOrderIsKept()
    {
        using (var store = new LiteDbStore(_dir.Options))
        {
            await store.AddMeasurementAsync(Measurement("M-a"));
            await store.AddMeasurementAsync(Measurement("M-b"));
            await store.UpdateOutboxEntryAsync("M-a", e =>
            {
                var sink = e.For("archive");
                sink.Status = OutboxStatus.Failing;
                sink.NextAttemptAt = T0.AddHours(1);
                e.Summarize(["archive"]);
                return true;
            });
        }

        using var reopened = new LiteDbStore(_dir.Options);
        Assert.Equal(["M-b"], reopened.DueOutboxEntries(T0.AddMinutes(1), 10).Select(e => e.Id));
        Assert.Equal(["M-b", "M-a"], reopened.DueOutboxEntries(T0.AddHours(2), 10).Select(e => e.Id));
        Assert.Equal(T0, reopened.NextOutboxDue());
        Assert.Equal(1, reopened.CountOutboxEntries(OutboxStatus.Failing));
    }

    [Fact]
    public async Task Delivered_NotDueAnyMore_ButStillListed()
    {
        using var store = new LiteDbStore(_dir.Options);
        await store.AddMeasurementAsync(Measurement("M-d"));

        await store.UpdateOutboxEntryAsync("M-d", e =>
        {
            var sink = e.For("archive");
            sink.Status = OutboxStatus.Delivered;
            sink.DeliveredAt = T0;
            e.Summarize(["archive"]);
            return true;
        });

        Assert.Empty(store.DueOutboxEntries(DateTimeOffset.MaxValue, 10));
        Assert.Null(store.NextOutboxDue());
        Assert.Equal("M-d", Assert.Single(store.QueryOutbox(OutboxStatus.Delivered, 10, null).Items).Id);
    }
}
