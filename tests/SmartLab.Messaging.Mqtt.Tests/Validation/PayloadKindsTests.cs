using SmartLab.Contracts.Protocol;
using SmartLab.Messaging.Mqtt.Validation;

namespace SmartLab.Messaging.Mqtt.Tests.Validation;

public class PayloadKindsTests
{
    [Theory]
    [InlineData("smartlab/v1/instruments/xrd-02/state", PayloadKind.State)]
    [InlineData("smartlab/v1/instruments/xrd-02/telemetry", PayloadKind.Telemetry)]
    [InlineData("smartlab/v1/instruments/xrd-02/events", PayloadKind.Event)]
    [InlineData("smartlab/v1/instruments/xrd-02/replies", PayloadKind.CommandReply)]
    [InlineData("smartlab/v1/instruments/xrd-02/jobs/J-000123/status", PayloadKind.JobStatus)]
    [InlineData("smartlab/v1/instruments/xrd-02/measurements", PayloadKind.Measurement)]
    [InlineData("smartlab/v1/instruments/xrd-02/commands", PayloadKind.CommandRequest)]
    [InlineData("smartlab/v1/instruments/xrd-02/jobs", PayloadKind.JobRequest)]
    [InlineData("smartlab/v1/instruments/xrd-02/acks", PayloadKind.Ack)]
    [InlineData("smartlab/v1/instruments/xrd-02/rebirth", PayloadKind.Rebirth)]
    [InlineData("smartlab/v1/instruments/xrd-02/diagnostics", PayloadKind.Diagnostic)]
    [InlineData("smartlab/v1/hub/state", PayloadKind.HubState)]
    public void TryFromTopic_JsonTopic_GivesItsKind(string topic, PayloadKind expected)
    {
        Assert.True(PayloadKinds.TryFromTopic(TopicParser.Parse(topic).Kind, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("smartlab/v1/instruments/xrd-02/files/F1/0/3")]
    [InlineData("smartlab/v1/elsewhere")]
    public void TryFromTopic_ChunkOrUnknownTopic_IsFalse(string topic)
    {
        Assert.False(PayloadKinds.TryFromTopic(TopicParser.Parse(topic).Kind, out _));
    }
}
