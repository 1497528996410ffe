using System.Text.Json;
using SmartLab.Domain.Profiles;
using SmartLab.Export.Model;

namespace SmartLab.Export.Internal;

/// <summary>Turns a measurement document into a <see cref="MeasurementDocument"/>. Tolerant: agents in any language send these.</summary>
static class DocumentParser
{
    public static MeasurementDocument Parse(string json, DeviceProfile? profile)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new MeasurementDocument { Json = json };
        }

        var method = Text(root, "method") is { } name ? profile?.FindMethod(name) : null;
        string? UnitOf(string key) =>
            method?.Parameters.FirstOrDefault(p => p.Name == key)?.Unit ?? profile?.FindChannel(key)?.Unit;

        var descriptors = root.TryGetProperty("descriptors", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        string? DescribedUnits(string key) =>
            descriptors.ValueKind == JsonValueKind.Object && descriptors.TryGetProperty(key, out var one) && one.ValueKind == JsonValueKind.Object
                ? Text(one, "units") ?? Text(one, "unit")
                : null;

        var columns = new List<DataColumn>();
        var scalars = new List<Quantity>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in data.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Array && Column(p.Name, p.Value, DescribedUnits(p.Name)) is { } column)
                {
                    columns.Add(column);
                }
                else
                {
                    Flatten(p.Name, p.Value, DescribedUnits, scalars);
                }
            }
        }

        var instrumentFields = new List<Quantity>();
        Calibration? calibration = null;
        if (root.TryGetProperty("instrument", out var instrument) && instrument.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in instrument.EnumerateObject())
            {
                if (p.Name == "calibration" && p.Value.ValueKind == JsonValueKind.Object)
                {
                    calibration = new Calibration(Text(p.Value, "id"), Text(p.Value, "date"));
                }
                else
                {
                    Flatten(p.Name, p.Value, _ => null, instrumentFields);
                }
            }
        }

        return new MeasurementDocument
        {
            Parameters = Section(root, "parameters", UnitOf),
            Conditions = Section(root, "conditions", UnitOf),
            Columns = columns,
            Scalars = scalars,
            InstrumentFields = instrumentFields,
            Calibration = calibration,
            Json = json,
        };
    }

    static List<Quantity> Section(JsonElement root, string name, Func<string, string?> unitOf)
    {
        var values = new List<Quantity>();
        if (root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in section.EnumerateObject())
            {
                Flatten(p.Name, p.Value, unitOf, values);
            }
        }

        return values;
    }

    /// <summary>
    /// Adds a value, or the leaves of an object under dotted names. An object of the form <c>{"value": 500, "unit": "Cel"}</c>
    /// is one value with its own unit, which wins over the profile's.
    /// </summary>
    static void Flatten(string name, JsonElement value, Func<string, string?> unitOf, List<Quantity> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                into.Add(new Quantity(name, value.GetDouble(), null, unitOf(name)));
                break;
            case JsonValueKind.String:
                into.Add(new Quantity(name, null, value.GetString(), unitOf(name)));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into.Add(new Quantity(name, null, value.ValueKind == JsonValueKind.True ? "true" : "false", null));
                break;
            case JsonValueKind.Object when value.TryGetProperty("value", out var inner) && inner.ValueKind != JsonValueKind.Object:
                var unit = Text(value, "unit") ?? Text(value, "units") ?? unitOf(name);
                Flatten(name, inner, _ => unit, into);
                break;
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject())
                {
                    Flatten($"{name}.{p.Name}", p.Value, unitOf, into);
                }

                break;
            case JsonValueKind.Array:
                into.Add(new Quantity(name, null, value.GetRawText(), unitOf(name)));
                break;
            default:
                break;
        }
    }

    /// <summary>A flat array of numbers (nulls become NaN) or of strings; null for nested or mixed arrays.</summary>
    static DataColumn? Column(string name, JsonElement array, string? units)
    {
        var items = array.EnumerateArray().ToList();
        if (items.All(i => i.ValueKind is JsonValueKind.Number or JsonValueKind.Null))
        {
            return new DataColumn(name, units, items.Select(i => i.ValueKind == JsonValueKind.Number ? i.GetDouble() : double.NaN).ToArray(), null);
        }

        return items.All(i => i.ValueKind == JsonValueKind.String)
            ? new DataColumn(name, units, null, items.Select(i => i.GetString() ?? "").ToArray())
            : null;
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        } : null;
}
