using System.Text.Json.Nodes;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Rde;

/// <summary>
/// <c>invoice.json</c>: the system part (<c>datasetId</c>, <c>basic</c>, <c>sample</c>) as RDE's invoice schema defines it,
/// and a <c>custom</c> part with SmartLab's own fields, described by the package's <c>tasksupport/invoice.schema.json</c>.
/// </summary>
static class RdeInvoice
{
    /// <summary>The custom fields: key, English and Japanese label, JSON type.</summary>
    static readonly (string Key, string En, string Ja, string Type)[] CustomFields =
    [
        ("smartlab_record_id", "SmartLab record id", "SmartLab レコードID", "string"),
        ("instrument_id", "Instrument id", "装置ID", "string"),
        ("instrument_kind", "Instrument kind", "装置種別", "string"),
        ("device_profile", "Device profile", "装置プロファイル", "string"),
        ("method", "Method", "測定手法", "string"),
        ("measurement_count", "Number of measurements", "測定数", "integer"),
        ("operator", "Operator", "測定実施者", "string"),
        ("facility", "Facility", "施設", "string"),
        ("embargo_until", "Embargoed until", "公開制限期限", "string"),
    ];

    public static JsonObject Build(DatasetExport d, RdeOptions options)
    {
        var owner = d.Owner?.Id ?? d.Measurements.FirstOrDefault()?.Record.Owner ?? "facility";
        var first = d.Measurements.FirstOrDefault();
        var profileId = first?.Instrument.ProfileId ?? d.Job?.InstrumentKind ?? "unknown";
        var method = first?.Record.Method ?? d.Job?.Method;
        var invoice = new JsonObject
        {
            ["datasetId"] = RdeIds.Dataset(options, d.FacilityName, profileId),
            ["basic"] = new JsonObject
            {
                ["dateSubmitted"] = RdePackageWriter.Date(d.ExportedAt),
                ["dataOwnerId"] = RdeIds.User(options, d.FacilityName, owner),
                ["dataName"] = string.Join(" ", new[] { d.Id, method, d.Sample?.Name }.Where(s => !string.IsNullOrEmpty(s))),
                ["instrumentId"] = first is null ? "" : RdeIds.Instrument(options, first.Instrument.Id),
                ["experimentId"] = d.Job?.Id ?? d.Id,
                ["description"] = $"{method} on {first?.Instrument.Name} at {d.FacilityName}; exported by SmartLab {d.ProgramVersion}",
            },
            ["custom"] = new JsonObject
            {
                ["smartlab_record_id"] = d.Id,
                ["instrument_id"] = first?.Instrument.Id,
                ["instrument_kind"] = first?.Instrument.Kind,
                ["device_profile"] = first is null ? null : $"{first.Instrument.ProfileId}@{first.Instrument.ProfileVersion}",
                ["method"] = method,
                ["measurement_count"] = d.Measurements.Count,
                ["operator"] = d.Operator?.Name,
                ["facility"] = d.FacilityName,
                ["embargo_until"] = MetadataJson.Time(d.EmbargoUntil ?? d.Measurements.Select(m => m.EmbargoUntil).Max()),
            },
        };
        if (d.Sample is { } s)
        {
            // A sample RDE does not know yet: empty sampleId and its names, as RDE's schema asks of a new sample.
            invoice["sample"] = new JsonObject
            {
                ["sampleId"] = "",
                ["names"] = new JsonArray(s.Name, s.Id),
                ["ownerId"] = RdeIds.User(options, d.FacilityName, s.Owner.Length > 0 ? s.Owner : owner),
                ["composition"] = s.Composition,
                ["referenceUrl"] = null,
                ["description"] = s.Description,
                ["generalAttributes"] = new JsonArray(),
                ["specificAttributes"] = new JsonArray(),
            };
        }

        return invoice;
    }

    /// <summary>The dataset template's schema for the <c>custom</c> section (JSON Schema 2020-12 with RDE's labels).</summary>
    public static JsonObject Schema(DatasetExport d)
    {
        var properties = new JsonObject();
        foreach (var (key, en, ja, type) in CustomFields)
        {
            properties[key] = new JsonObject
            {
                ["label"] = new JsonObject { ["ja"] = ja, ["en"] = en },
                ["type"] = new JsonArray(type, "null"),
            };
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://smartlab.dev/rde/{d.Measurements.FirstOrDefault()?.Instrument.ProfileId ?? "dataset"}/invoice.schema.json",
            ["description"] = "SmartLab export: invoice custom section",
            ["type"] = "object",
            ["required"] = new JsonArray("custom"),
            ["properties"] = new JsonObject
            {
                ["custom"] = new JsonObject
                {
                    ["type"] = "object",
                    ["label"] = new JsonObject { ["ja"] = "固有情報", ["en"] = "Custom Information" },
                    ["required"] = new JsonArray("smartlab_record_id"),
                    ["properties"] = properties,
                },
            },
        };
    }
}
