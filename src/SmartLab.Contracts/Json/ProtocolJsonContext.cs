using System.Text.Json;
using System.Text.Json.Serialization;
using SmartLab.Contracts.Payloads;

namespace SmartLab.Contracts.Json;

/// <summary>Source-generated serializers for the protocol payloads (no reflection on the per-message path).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339TimestampConverter)])]
[JsonSerializable(typeof(StatePayload))]
[JsonSerializable(typeof(TelemetryPayload))]
[JsonSerializable(typeof(EventPayload))]
[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(CommandReply))]
[JsonSerializable(typeof(JobRequest))]
[JsonSerializable(typeof(JobStatusPayload))]
[JsonSerializable(typeof(MeasurementPayload))]
[JsonSerializable(typeof(AckPayload))]
[JsonSerializable(typeof(DiagnosticPayload))]
[JsonSerializable(typeof(HubStatePayload))]
[JsonSerializable(typeof(RebirthPayload))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
