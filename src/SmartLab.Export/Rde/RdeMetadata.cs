using System.Text.Json.Nodes;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Rde;

/// <summary>
/// <c>metadata-def.json</c> (what each metadata key means, its type and unit) and <c>metadata.json</c> (the values):
/// provenance shared by the whole package under <c>constant</c>; per measurement, its times, parameters, conditions and
/// scalar results under <c>variable</c>, one set per measurement in package order.
/// </summary>
static class RdeMetadata
{
    public static (JsonObject Definitions, JsonObject Metadata) Build(DatasetExport d)
    {
        var definitions = new JsonObject();
        var order = 0;
        void Define(string key, string en, string ja, string type, string? unit, bool variable, string? format = null)
        {
            if (definitions.ContainsKey(key))
            {
                return;
            }

            var schema = new JsonObject { ["type"] = type };
            if (format is not null)
            {
                schema["format"] = format;
            }

            var definition = new JsonObject { ["name"] = new JsonObject { ["ja"] = ja, ["en"] = en }, ["schema"] = schema, ["order"] = ++order };
            if (unit is { Length: > 0 })
            {
                definition["unit"] = unit;
            }

            if (variable)
            {
                definition["variable"] = 1;
            }

            definitions[key] = definition;
        }

        var first = d.Measurements.FirstOrDefault();
        var constant = new JsonObject();
        void Constant(string key, string en, string ja, string? value, string? format = null)
        {
            if (value is null)
            {
                return;
            }

            Define(key, en, ja, "string", null, variable: false, format);
            constant[key] = new JsonObject { ["value"] = value };
        }

        Constant("record_id", "SmartLab record id", "レコードID", d.Id);
        Constant("job_id", "Job id", "ジョブID", d.Job?.Id);
        Constant("sample_id", "Sample id", "試料ID", d.Sample?.Id ?? first?.Record.SampleId);
        Constant("sample_name", "Sample name", "試料名", d.Sample?.Name);
        Constant("instrument_id", "Instrument id", "装置ID", first?.Instrument.Id);
        Constant("instrument_name", "Instrument", "装置名", first?.Instrument.Name);
        Constant("device_profile", "Device profile", "装置プロファイル", first is null ? null : $"{first.Instrument.ProfileId}@{first.Instrument.ProfileVersion}");
        Constant("agent_version", "Agent software", "エージェント", first is null ? null : $"{first.Instrument.AgentName} {first.Instrument.AgentVersion}".Trim());
        Constant("calibration_id", "Calibration", "校正ID", first?.Document.Calibration?.Id);
        Constant("calibration_date", "Calibration date", "校正日", first?.Document.Calibration?.Date);
        Constant("method", "Method", "測定手法", first?.Record.Method ?? d.Job?.Method);
        Constant("requester", "Requester", "依頼者", d.Requester?.Name);
        Constant("data_owner", "Data owner", "データ所有者", d.Owner?.Name);
        Constant("operator", "Operator", "測定実施者", d.Operator?.Name);
        Constant("facility", "Facility", "施設", d.FacilityName);
        Constant("license", "Licence", "ライセンス", d.License);
        Constant("embargo_until", "Embargoed until", "公開制限期限", MetadataJson.Time(d.EmbargoUntil ?? d.Measurements.Select(m => m.EmbargoUntil).Max()), "date-time");

        var variable = new JsonArray();
        foreach (var m in d.Measurements)
        {
            var set = new JsonObject();
            void Value(string key, string en, string ja, Quantity q)
            {
                Define(key, en, ja, q.IsNumber ? "number" : "string", q.Unit, variable: true);
                var value = new JsonObject { ["value"] = q.Number is { } n ? JsonValue.Create(n) : JsonValue.Create(q.Text) };
                if (q.Unit is { Length: > 0 } unit)
                {
                    value["unit"] = unit;
                }

                set[key] = value;
            }

            Value("measurement_id", "Measurement id", "測定ID", new Quantity("id", null, m.Id, null));
            if (MetadataJson.Time(m.Record.StartedAt) is { } started)
            {
                Define("started_at", "Started at", "測定開始", "string", null, variable: true, "date-time");
                set["started_at"] = new JsonObject { ["value"] = started };
            }

            Define("ended_at", "Ended at", "測定終了", "string", null, variable: true, "date-time");
            set["ended_at"] = new JsonObject { ["value"] = MetadataJson.Time(m.Record.EndedAt ?? m.Record.ReceivedAt) };
            foreach (var q in m.Document.Parameters)
            {
                Value($"parameter.{q.Name}", $"Parameter {q.Name}", $"パラメータ {q.Name}", q);
            }

            foreach (var q in m.Document.Conditions)
            {
                Value($"condition.{q.Name}", $"Condition {q.Name}", $"測定条件 {q.Name}", q);
            }

            foreach (var q in m.Document.Scalars)
            {
                Value($"result.{q.Name}", $"Result {q.Name}", $"結果 {q.Name}", q);
            }

            variable.Add(set);
        }

        return (definitions, new JsonObject { ["constant"] = constant, ["variable"] = variable });
    }
}
