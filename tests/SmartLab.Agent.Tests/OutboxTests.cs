using System.Security.Cryptography;
using SmartLab.Agent.Measurements;
using SmartLab.Agent.Tests.Infrastructure;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Tests;

public sealed class OutboxTests
{
    [Fact]
    public async Task PublishMeasurementAsync_NotAcknowledged_StaysInOutboxUntilStored()
    {
        await using var h = await AgentHarness.StartAsync();
        var measurement = NewMeasurement();

        await h.Agent.PublishMeasurementAsync(measurement);

        var sent = await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id));
        Assert.Equal(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, sent.Qos);
        Assert.Equal(measurement.MeasurementId, sent.Str("measurementId"));
        Assert.Equal(1, h.Agent.OutboxCount);
        Assert.True(File.Exists(Path.Combine(h.Directory.Path, "outbox", measurement.MeasurementId, "measurement.json")));
        var wait = h.Agent.WaitForAcknowledgedAsync(measurement.MeasurementId);
        Assert.False(wait.IsCompleted);

        await AckAsync(h, "measurement", measurement.MeasurementId, "stored");

        var ack = await wait.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(ack.Stored);
        Assert.Equal(0, h.Agent.OutboxCount);
        Assert.False(Directory.Exists(Path.Combine(h.Directory.Path, "outbox", measurement.MeasurementId)));
    }

    [Fact]
    public async Task Reconnect_MeasurementNotAcknowledged_IsPublishedAgain()
    {
        await using var h = await AgentHarness.StartAsync();
        var measurement = NewMeasurement();
        await h.Agent.PublishMeasurementAsync(measurement);
        await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id));

        await h.Hub.StopServerAsync();
        await Eventually.TrueAsync(() => !h.Agent.IsConnected, "the agent to notice the broker is gone");
        var after = h.Hub.LastIndex;
        await h.Hub.StartServerAsync();

        var replay = await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id), after: after);
        Assert.Equal(measurement.MeasurementId, replay.Str("measurementId"));
        await AckAsync(h, "measurement", measurement.MeasurementId, "stored");
        Assert.True((await h.Agent.WaitForAcknowledgedAsync(measurement.MeasurementId).WaitAsync(Eventually.DefaultTimeout)).Stored);
    }

    [Fact]
    public async Task HubBackOnline_MeasurementNotAcknowledged_IsPublishedAgain()
    {
        await using var h = await AgentHarness.StartAsync();
        var measurement = NewMeasurement();
        await h.Agent.PublishMeasurementAsync(measurement);
        await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id));
        await h.Hub.PublishJsonAsync(Topics.HubState, new HubStatePayload { Online = false }, retain: true);
        var after = h.Hub.LastIndex;

        await h.Hub.PublishJsonAsync(Topics.HubState, new HubStatePayload { Online = true }, retain: true);

        var replay = await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id), after: after);
        Assert.Equal(measurement.MeasurementId, replay.Str("measurementId"));
    }

    [Fact]
    public async Task PublishMeasurementAsync_WhileOffline_KeptOnDiskAndSentByNextAgentRun()
    {
        await using var h = await AgentHarness.StartAsync(connect: false);
        var offline = h.Agent;
        var measurement = NewMeasurement();

        await offline.PublishMeasurementAsync(measurement);
        Assert.Equal(1, offline.OutboxCount);
        await offline.DisposeAsync();

        await h.StartAgentAsync(h.CreateAgent());
        Assert.Equal(1, h.Agent.OutboxCount);
        var sent = await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id));
        Assert.Equal(measurement.MeasurementId, sent.Str("measurementId"));
    }

    [Fact]
    public async Task PublishMeasurementAsync_WithFile_ChunksReassembleToAnnouncedSha256()
    {
        await using var h = await AgentHarness.StartAsync(o => o.FileChunkBytes = 1000);
        var bytes = new byte[3500];
        new Random(7).NextBytes(bytes);
        var file = OutgoingFile.FromBytes("scan.raw", "application/octet-stream", bytes);

        var sent = await h.Agent.PublishMeasurementAsync(NewMeasurement(), [file]);

        var entry = Assert.Single(sent.Files!);
        Assert.Equal(file.FileId, entry.FileId);
        Assert.Equal(3500, entry.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry.Sha256);
        var document = ProtocolJson.Deserialize<MeasurementPayload>((await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id))).Payload)!;
        Assert.Equal(entry, Assert.Single(document.Files!));

        var chunkTopics = h.Hub.Messages.Where(m => TopicParser.Parse(m.Topic).Kind == TopicKind.FileChunk).Select(m => m.Topic).ToList();
        Assert.Equal([.. Enumerable.Range(0, 4).Select(i => Topics.FileChunk(h.Id, file.FileId, i, 4))], chunkTopics);
        var reassembled = h.Hub.Reassemble(file.FileId)!;
        Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(reassembled)));

        // The measurement alone is not enough: the entry waits for its file too.
        await AckAsync(h, "measurement", sent.MeasurementId, "stored");
        await Eventually.TrueAsync(() => !File.Exists(Path.Combine(h.Directory.Path, "outbox", sent.MeasurementId, "measurement.json")), "measurement.json to go");
        Assert.Equal(1, h.Agent.OutboxCount);
        await AckAsync(h, "file", file.FileId, "stored");
        Assert.True((await h.Agent.WaitForAcknowledgedAsync(sent.MeasurementId).WaitAsync(Eventually.DefaultTimeout)).Stored);
        Assert.Equal(0, h.Agent.OutboxCount);
    }

    [Fact]
    public async Task Reconnect_FileNotAcknowledged_ResendsAllItsChunksButNotTheStoredMeasurement()
    {
        await using var h = await AgentHarness.StartAsync(o => o.FileChunkBytes = 1000);
        var file = OutgoingFile.FromBytes("image.png", "image/png", new byte[2500]);
        var sent = await h.Agent.PublishMeasurementAsync(NewMeasurement(), [file]);
        await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id));
        await AckAsync(h, "measurement", sent.MeasurementId, "stored");
        await Eventually.TrueAsync(() => !File.Exists(Path.Combine(h.Directory.Path, "outbox", sent.MeasurementId, "measurement.json")), "measurement stored");

        var after = h.Hub.LastIndex;
        await h.Hub.DisconnectClientAsync(h.Id);
        await h.Hub.WaitForTopicAsync(Topics.FileChunk(h.Id, file.FileId, 2, 3), after: after);

        var resent = h.Hub.Messages.Where(m => m.Index > after).Select(m => TopicParser.Parse(m.Topic)).ToList();
        Assert.Equal(3, resent.Count(t => t.Kind == TopicKind.FileChunk));
        Assert.DoesNotContain(resent, t => t.Kind == TopicKind.Measurements);
    }

    [Fact]
    public async Task Ack_Rejected_DropsEntryAndRaisesMeasurementRejected()
    {
        await using var h = await AgentHarness.StartAsync();
        MeasurementAcknowledgement? raised = null;
        h.Agent.MeasurementRejected += (_, a) => raised = a;
        var measurement = NewMeasurement();
        await h.Agent.PublishMeasurementAsync(measurement);
        await h.Hub.WaitForTopicAsync(Topics.Measurements(h.Id));

        await h.Hub.PublishJsonAsync(Topics.Acks(h.Id), new AckPayload
        {
            Kind = "measurement",
            Id = measurement.MeasurementId,
            Status = "rejected",
            Error = new ErrorInfo("PROFILE_VIOLATION", "descriptor `intensity` has no units"),
        });

        var outcome = await h.Agent.WaitForAcknowledgedAsync(measurement.MeasurementId).WaitAsync(Eventually.DefaultTimeout);
        Assert.False(outcome.Stored);
        Assert.Equal("PROFILE_VIOLATION", outcome.Error!.Code);
        Assert.Equal(0, h.Agent.OutboxCount);
        await Eventually.TrueAsync(() => raised is not null, "the MeasurementRejected event");
        Assert.Equal(measurement.MeasurementId, raised!.MeasurementId);
    }

    [Fact]
    public async Task Ack_ArrivesBeforePublishReturns_EntryCompletesCleanly()
    {
        await using var h = await AgentHarness.StartAsync(o => o.FileChunkBytes = 512);
        h.Hub.AutoAck = true;

        var tasks = Enumerable.Range(0, 5).Select(i => h.Agent.PublishMeasurementAsync(NewMeasurement(),
            [OutgoingFile.FromBytes($"f{i}.bin", "application/octet-stream", new byte[1500 + i])])).ToList();
        var sent = await Task.WhenAll(tasks);

        foreach (var m in sent)
        {
            Assert.True((await h.Agent.WaitForAcknowledgedAsync(m.MeasurementId).WaitAsync(Eventually.DefaultTimeout)).Stored);
        }

        Assert.Equal(0, h.Agent.OutboxCount);
        Assert.Empty(Directory.GetDirectories(Path.Combine(h.Directory.Path, "outbox")));
    }

    [Fact]
    public async Task PublishMeasurementAsync_TooLarge_ThrowsAndLeavesNothing()
    {
        await using var h = await AgentHarness.StartAsync(o => o.MaxMeasurementBytes = 2048);
        var big = new MeasurementBuilder("absorbanceScan").AddArray("absorbance", [.. Enumerable.Range(0, 1000).Select(i => i * 0.001)], "1").Build();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => h.Agent.PublishMeasurementAsync(big));
        Assert.Contains("send large data as a file", ex.Message);
        Assert.Equal(0, h.Agent.OutboxCount);
        Assert.Empty(Directory.GetDirectories(Path.Combine(h.Directory.Path, "outbox")));
    }

    static MeasurementPayload NewMeasurement() =>
        new MeasurementBuilder("theta2theta")
            .AddArray("twoTheta", [10.0, 10.02, 10.04], "deg")
            .AddArray("intensity", [112L, 118L, 109L], "{counts}")
            .AddCondition("temperature", 298.2)
            .WithCalibration("CAL-2026-11", new DateOnly(2026, 11, 1))
            .Build();

    static Task AckAsync(AgentHarness h, string kind, string id, string status) =>
        h.Hub.PublishJsonAsync(Topics.Acks(h.Id), new AckPayload { Kind = kind, Id = id, Status = status });
}
