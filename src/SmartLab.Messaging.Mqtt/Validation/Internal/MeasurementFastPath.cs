using System.Runtime.InteropServices;
using System.Text.Json;

namespace SmartLab.Messaging.Mqtt.Validation.Internal;

/// <summary>
/// Accepts the common, well-formed measurement document without running the schema evaluator, which is about a sixth
/// of the hub's CPU per stored measurement. Like <see cref="TelemetryFastPath"/> it only ever answers "certainly
/// valid": anything unusual (an escaped id, <c>1.0</c> for an integer, a field of an unexpected type) falls through to
/// measurement.schema.json, which stays the authority and names the failure; the defect tests run every bad example
/// through it. Fields the schema does not constrain (data values, parameters, unknown keys) are not looked at.
/// </summary>
internal static class MeasurementFastPath
{
    // The schema's maximum for a file size: the largest integer an IEEE double counts to exactly.
    const long MaxSize = 9_007_199_254_740_991;

    public static bool IsCertainlyValid(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        bool v = false, id = false, jobIsString = false, attempt = false;
        foreach (var property in payload.EnumerateObject())
        {
            // Every occurrence is checked, so a duplicate key cannot hide a bad value from this path.
            var value = property.Value;
            var ok = property.Name switch
            {
                "v" => v = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var version) && version == 1,
                "measurementId" => id = IsMessageId(value),
                "jobId" => value.ValueKind == JsonValueKind.Null || (jobIsString = IsMessageId(value)),
                "attempt" => attempt = value.ValueKind == JsonValueKind.Null
                    || (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var a) && a >= 1),
                "sampleId" or "method" => value.ValueKind == JsonValueKind.Null || IsNonEmptyString(value),
                "startedAt" or "endedAt" => value.ValueKind == JsonValueKind.Null
                    || (value.ValueKind == JsonValueKind.String && TelemetryFastPath.IsUtcTimestamp(JsonMarshal.GetRawUtf8Value(value))),
                "parameters" or "conditions" or "data" or "instrument" => value.ValueKind is JsonValueKind.Null or JsonValueKind.Object,
                "descriptors" => value.ValueKind == JsonValueKind.Null || AreDescriptors(value),
                "files" => value.ValueKind == JsonValueKind.Null || AreFiles(value),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        // A job's measurement must say which attempt produced it.
        return v && id && (!jobIsString || attempt);
    }

    static bool AreDescriptors(JsonElement descriptors)
    {
        if (descriptors.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var descriptor in descriptors.EnumerateObject())
        {
            if (descriptor.Value.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var dtype = false;
            foreach (var field in descriptor.Value.EnumerateObject())
            {
                var value = field.Value;
                var ok = field.Name switch
                {
                    "dtype" => dtype = value.ValueKind == JsonValueKind.String
                        && (value.ValueEquals("number"u8) || value.ValueEquals("integer"u8) || value.ValueEquals("boolean"u8) || value.ValueEquals("string"u8)),
                    "shape" => value.ValueKind == JsonValueKind.Null || IsShape(value),
                    "units" => value.ValueKind is JsonValueKind.Null or JsonValueKind.String,
                    _ => true,
                };
                if (!ok)
                {
                    return false;
                }
            }

            if (!dtype)
            {
                return false;
            }
        }

        return true;
    }

    static bool IsShape(JsonElement shape)
    {
        if (shape.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var length in shape.EnumerateArray())
        {
            if (!(length.ValueKind == JsonValueKind.Number && length.TryGetInt32(out var n) && n >= 0))
            {
                return false;
            }
        }

        return true;
    }

    static bool AreFiles(JsonElement files)
    {
        if (files.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var file in files.EnumerateArray())
        {
            if (file.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            bool fileId = false, name = false, size = false, sha256 = false;
            foreach (var field in file.EnumerateObject())
            {
                var value = field.Value;
                var ok = field.Name switch
                {
                    "fileId" => fileId = IsMessageId(value),
                    "name" => name = IsNonEmptyString(value),
                    "mediaType" => IsNonEmptyString(value),
                    "size" => size = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var bytes) && bytes is >= 0 and <= MaxSize,
                    "sha256" => sha256 = IsSha256(value),
                    _ => true,
                };
                if (!ok)
                {
                    return false;
                }
            }

            if (!(fileId && name && size && sha256))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1 to 64 of A-Z, a-z, 0-9, '_' and '-', checked on the raw token (an escaped character falls through).</summary>
    static bool IsMessageId(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = raw[1..^1];
        if (text.Length is < 1 or > 64)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!(b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-case hex, 64 digits.</summary>
    static bool IsSha256(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        if (text.Length != 64)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!(b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }

        return true;
    }

    // Any token longer than its quotes decodes to at least one character, escaped or not.
    static bool IsNonEmptyString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && JsonMarshal.GetRawUtf8Value(value).Length > 2;
}
