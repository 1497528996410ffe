using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartLab.Contracts.Protocol;
using SmartLab.Domain.Measurements;
using SmartLab.Domain.Profiles;

namespace SmartLab.Hub.Ingest;

/// <summary>
/// The parts of a measurement record read out of the agent's document: required metadata and what of it is missing,
/// calibration, parameters and conditions with their units, derived-from links and the document's hash.
/// </summary>
static class MeasurementRecordBuilder
{
    /// <summary>Fills <paramref name="record"/> from the document; a problem (and nothing filled) when <c>derivedFrom</c> is malformed.</summary>
    public static Rejection? Describe(MeasurementRecord record, JsonElement root, DeviceProfile? profile)
    {
        if (root.TryGetProperty("derivedFrom", out var derived) && derived.ValueKind != JsonValueKind.Null)
        {
            if (derived.ValueKind != JsonValueKind.Array
                || derived.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String || !ProtocolConstants.IsValidMessageId(d.GetString())))
            {
                return new Rejection("invalid_payload", "`derivedFrom` must be a list of measurement ids (1 to 64 characters of A-Z a-z 0-9 _ -)");
            }

            record.DerivedFrom = [.. derived.EnumerateArray().Select(d => d.GetString()!).Distinct()];
        }

        record.DocumentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Document)));
        if (Find(root, "instrument.calibration") is { ValueKind: JsonValueKind.Object } calibration)
        {
            record.Calibration = new MeasurementCalibration
            {
                Id = Find(calibration, "id") is { ValueKind: not JsonValueKind.Null } id ? AsText(id) : null,
                Date = Find(calibration, "date") is { ValueKind: not JsonValueKind.Null } date ? AsText(date) : null,
            };
        }

        var method = record.Method is { } name ? profile?.FindMethod(name) : null;
        record.Parameters = Parameters(root, method);
        record.Conditions = Conditions(root, profile);
        foreach (var field in profile?.RequiredMetadata ?? [])
        {
            if (Find(root, field.Path) is { } value && IsPresent(value))
            {
                record.Metadata.Add(new MetadataValue { Path = field.Path, Value = AsText(value) });
            }
            else
            {
                record.Missing.Add(field.Path);
            }
        }

        record.Complete = record.Missing.Count == 0;
        return null;
    }

    /// <summary>Parameters as the run used them: the document's, then the method's defaults it left out; units from the method.</summary>
    static List<MeasuredValue> Parameters(JsonElement root, MethodDefinition? method)
    {
        var values = new List<MeasuredValue>();
        if (root.TryGetProperty("parameters", out var given) && given.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in given.EnumerateObject())
            {
                values.Add(Value(p.Name, p.Value, method?.Parameters.FirstOrDefault(d => d.Name == p.Name)?.Unit));
            }
        }

        foreach (var definition in method?.Parameters ?? [])
        {
            if (definition.Default is { } fallback && values.All(v => v.Name != definition.Name))
            {
                values.Add(Value(definition.Name, fallback, definition.Unit));
            }
        }

        return values;
    }

    /// <summary>
    /// Conditions: a bare number takes the units of the profile's telemetry channel of the same name (the quantity the
    /// instrument reports); <c>{"value": 298.2, "units": "K"}</c> carries its own. Nested objects become dotted names.
    /// </summary>
    static List<MeasuredValue> Conditions(JsonElement root, DeviceProfile? profile)
    {
        var values = new List<MeasuredValue>();
        if (root.TryGetProperty("conditions", out var given) && given.ValueKind == JsonValueKind.Object)
        {
            Flatten(given, "", values, profile);
        }

        return values;
    }

    static void Flatten(JsonElement obj, string prefix, List<MeasuredValue> values, DeviceProfile? profile)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = prefix + p.Name;
            if (p.Value.ValueKind == JsonValueKind.Object && !IsQuantity(p.Value))
            {
                Flatten(p.Value, name + ".", values, profile);
            }
            else
            {
                values.Add(Value(name, p.Value, profile?.FindChannel(name)?.Unit));
            }
        }
    }

    static bool IsQuantity(JsonElement value) =>
        value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number
        && (value.TryGetProperty("units", out _) || value.TryGetProperty("unit", out _));

    static MeasuredValue Value(string name, JsonElement value, string? declaredUnits)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return new MeasuredValue { Name = name, Number = number, Units = declaredUnits };
        }

        if (value.ValueKind == JsonValueKind.Object && IsQuantity(value))
        {
            var units = value.TryGetProperty("units", out var u) || value.TryGetProperty("unit", out u) ? u.GetString() : null;
            return new MeasuredValue { Name = name, Number = value.GetProperty("value").GetDouble(), Units = units ?? declaredUnits };
        }

        return new MeasuredValue { Name = name, Text = AsText(value) };
    }

    static JsonElement? Find(JsonElement root, string dottedPath)
    {
        var current = root;
        foreach (var part in dottedPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    static bool IsPresent(JsonElement value) => value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
        && !(value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0);

    static string AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetDouble(out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
