using System.Runtime.InteropServices;
using System.Text.Json;

namespace SmartLab.Messaging.Mqtt.Validation.Internal;

/// <summary>
/// Accepts the common, well-formed telemetry message without running the schema evaluator, which allocates about
/// 11 KB per call. It only ever answers "certainly valid": anything unusual (a duplicate key, an escaped string,
/// <c>1.0</c> for an integer) falls through to the schema, which stays the authority and names the failure. So it
/// must never accept what telemetry.schema.json rejects; the defect tests run every bad example through it.
/// </summary>
internal static class TelemetryFastPath
{
    // The schema's maximum for seq: the largest integer a JavaScript or IEEE double client can count to exactly.
    const long MaxSeq = 9_007_199_254_740_991;

    public static bool IsCertainlyValid(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        bool v = false, seq = false, ts = false, values = false;
        foreach (var property in payload.EnumerateObject())
        {
            // Every occurrence is checked, so a duplicate key cannot hide a bad value from this path.
            if (property.NameEquals("v"u8))
            {
                if (!(property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var version) && version == 1))
                {
                    return false;
                }

                v = true;
            }
            else if (property.NameEquals("seq"u8))
            {
                if (!(property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var number) && number is >= 0 and <= MaxSeq))
                {
                    return false;
                }

                seq = true;
            }
            else if (property.NameEquals("ts"u8))
            {
                if (property.Value.ValueKind != JsonValueKind.String || !IsUtcTimestamp(JsonMarshal.GetRawUtf8Value(property.Value)))
                {
                    return false;
                }

                ts = true;
            }
            else if (property.NameEquals("values"u8))
            {
                if (!AreReadings(property.Value))
                {
                    return false;
                }

                values = true;
            }
        }

        return v && seq && ts && values;
    }

    static bool AreReadings(JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var reading in values.EnumerateObject())
        {
            if (reading.Value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The timestamp pattern of the schemas, checked on the raw UTF-8 token (quotes included) without making a string:
    /// <c>yyyy-MM-ddTHH:mm:ss</c>, optional fraction of any length, then <c>Z</c>.
    /// </summary>
    internal static bool IsUtcTimestamp(ReadOnlySpan<byte> raw)
    {
        // "2026-11-29T10:00:00Z" is 22 bytes with its quotes.
        if (raw.Length < 22 || raw[0] != '"' || raw[^1] != '"' || raw[^2] != 'Z')
        {
            return false;
        }

        var s = raw[1..^2];
        if (!(Digits(s[..4]) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':'
            && InRange(s[5..7], 1, 12) && InRange(s[8..10], 1, 31)
            && InRange(s[11..13], 0, 23) && InRange(s[14..16], 0, 59) && InRange(s[17..19], 0, 59)))
        {
            return false;
        }

        var fraction = s[19..];
        return fraction.IsEmpty || (fraction.Length >= 2 && fraction[0] == '.' && Digits(fraction[1..]));
    }

    static bool Digits(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    static bool InRange(ReadOnlySpan<byte> twoDigits, int min, int max)
    {
        if (!Digits(twoDigits))
        {
            return false;
        }

        var value = ((twoDigits[0] - '0') * 10) + (twoDigits[1] - '0');
        return value >= min && value <= max;
    }
}
