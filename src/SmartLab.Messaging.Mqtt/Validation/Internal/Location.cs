using System.Text.Json;

namespace SmartLab.Messaging.Mqtt.Validation.Internal;

/// <summary>Where a failure is: the schema and the instance at that point (null where absent), the readable path and its depth.</summary>
internal readonly record struct Location(JsonElement? Schema, JsonElement? Instance, string Path, int Depth);
