using MQTTnet;
using MQTTnet.Protocol;

namespace SmartLab.Messaging.Mqtt.Transport;

static class MessageFactory
{
    public static MqttApplicationMessage Create(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain,
        string? responseTopic, ReadOnlyMemory<byte> correlationData)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .WithRetainFlag(retain);
        if (responseTopic is not null)
        {
            builder = builder.WithResponseTopic(responseTopic);
        }

        if (!correlationData.IsEmpty)
        {
            builder = builder.WithCorrelationData(correlationData.ToArray());
        }

        return builder.Build();
    }
}
