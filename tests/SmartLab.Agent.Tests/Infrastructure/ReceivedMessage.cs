using System.Text.Json;
using MQTTnet.Protocol;

namespace SmartLab.Agent.Tests.Infrastructure;

/// <summary>A message an agent published, as the stand-in hub saw it.</summary>
public sealed record ReceivedMessage(
    int Index,
    string ClientId,
    string Topic,
    byte[] Payload,
    bool Retain,
    MqttQualityOfServiceLevel Qos,
    byte[]? CorrelationData,
    string? ContentType)
{
    public JsonElement Json => JsonDocument.Parse(Payload).RootElement;

    public string? Str(string property) => Json.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public override string ToString() => $"#{Index} {Topic} {(Payload.Length < 300 ? System.Text.Encoding.UTF8.GetString(Payload) : $"[{Payload.Length} bytes]")}";
}
