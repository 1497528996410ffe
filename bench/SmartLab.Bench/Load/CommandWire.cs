using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SmartLab.Bench.Load;

/// <summary>
/// What the commands benchmark puts on the wire beyond plain telemetry: PUBLISH packets carrying the MQTT 5
/// request/response properties (Response Topic, Correlation Data), and the two fields of a command request an agent
/// needs to answer it (<c>commandId</c>, <c>replyTo</c>).
/// </summary>
public static class CommandWire
{
    const byte ResponseTopicProperty = 0x08;
    const byte CorrelationDataProperty = 0x09;

    /// <summary>Bytes a PUBLISH needs besides its payload with these properties (either may be empty).</summary>
    public static int Overhead(int topicLength, int responseTopicLength, int correlationLength) =>
        1 + 4 + 2 + topicLength + 2 + 4 + PropertiesLength(responseTopicLength, correlationLength);

    static int PropertiesLength(int responseTopicLength, int correlationLength) =>
        (responseTopicLength > 0 ? 3 + responseTopicLength : 0) + (correlationLength > 0 ? 3 + correlationLength : 0);

    /// <summary>Writes a PUBLISH (QoS 0 or 1, not retained) with Response Topic and Correlation Data when given; returns its length.</summary>
    public static int WritePublish(Span<byte> destination, ReadOnlySpan<byte> topic, int qos, ushort packetId,
        ReadOnlySpan<byte> responseTopic, ReadOnlySpan<byte> correlationData, ReadOnlySpan<byte> payload)
    {
        var properties = PropertiesLength(responseTopic.Length, correlationData.Length);
        var remaining = 2 + topic.Length + (qos > 0 ? 2 : 0) + MqttWire.VarIntSize(properties) + properties + payload.Length;
        destination[0] = (byte)(MqttWire.Publish | (qos << 1));
        var p = 1 + MqttWire.WriteVarInt(destination[1..], remaining);
        p += WriteBinary(destination[p..], topic);
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[p..], packetId);
            p += 2;
        }

        p += MqttWire.WriteVarInt(destination[p..], properties);
        if (!responseTopic.IsEmpty)
        {
            destination[p++] = ResponseTopicProperty;
            p += WriteBinary(destination[p..], responseTopic);
        }

        if (!correlationData.IsEmpty)
        {
            destination[p++] = CorrelationDataProperty;
            p += WriteBinary(destination[p..], correlationData);
        }

        payload.CopyTo(destination[p..]);
        return p + payload.Length;
    }

    static int WriteBinary(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value.Length);
        value.CopyTo(destination[2..]);
        return 2 + value.Length;
    }

    /// <summary>
    /// The <c>commandId</c> and <c>replyTo</c> of a command request (null when absent or unreadable). The hub sets the
    /// MQTT 5 Correlation Data to the UTF-8 bytes of <c>commandId</c> and Response Topic to <c>replyTo</c>, so an agent
    /// can answer from the payload alone, as an MQTT 3.1.1 agent must.
    /// </summary>
    public static (string? CommandId, string? ReplyTo) ReadRequest(ReadOnlySpan<byte> payload)
    {
        string? commandId = null;
        string? replyTo = null;
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("commandId"u8))
                {
                    reader.Read();
                    commandId = reader.GetString();
                }
                else if (reader.ValueTextEquals("replyTo"u8))
                {
                    reader.Read();
                    replyTo = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return (null, null);
        }
        catch (InvalidOperationException)
        {
            return (null, null);
        }

        return (commandId, replyTo);
    }

    /// <summary>The answer of an agent that did what it was asked: <c>{"v":1,"commandId":…,"status":"completed","result":{}}</c>.</summary>
    public static byte[] CompletedReply(string commandId) =>
        Encoding.UTF8.GetBytes($$$"""{"v":1,"commandId":"{{{commandId}}}","status":"completed","result":{}}""");
}
