using System.Globalization;
using System.Text.Json.Nodes;
using SmartLab.Export.Model;

namespace SmartLab.Export.Internal;

/// <summary>The metadata and provenance of one measurement as JSON: shared by the sidecar, the JSON record and the RDE package.</summary>
static class MetadataJson
{
    public static JsonObject Build(DatasetExport dataset, MeasurementExport m, string? dataFile)
    {
        var r = m.Record;
        var doc = m.Document;
        var axis = doc.Axis;
        return new JsonObject
        {
            ["id"] = r.Id,
            ["dataFile"] = dataFile,
            ["columns"] = new JsonArray(doc.Columns.Select((c, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["name"] = c.Name,
                ["header"] = c.Header,
                ["units"] = c.Units,
                ["role"] = ReferenceEquals(c, axis) ? "axis" : c.IsNumeric ? "signal" : "text",
                ["length"] = c.Length,
            }).ToArray()),
            ["measurement"] = new JsonObject
            {
                ["id"] = r.Id,
                ["method"] = r.Method,
                ["startedAt"] = Time(r.StartedAt),
                ["endedAt"] = Time(r.EndedAt),
                ["receivedAt"] = Time(r.ReceivedAt),
                ["jobId"] = r.JobId,
                ["attempt"] = r.Attempt,
                ["sampleId"] = r.SampleId,
            },
            ["parameters"] = Quantities(doc.Parameters),
            ["conditions"] = Quantities(doc.Conditions),
            ["results"] = Quantities(doc.Scalars),
            ["instrument"] = Instrument(m),
            ["sample"] = dataset.Sample is { } s ? new JsonObject
            {
                ["id"] = s.Id,
                ["name"] = s.Name,
                ["description"] = s.Description,
                ["composition"] = s.Composition,
                ["hazards"] = new JsonArray(s.Hazards.Select(h => (JsonNode)JsonValue.Create(h)).ToArray()),
            } : r.SampleId is { } sampleId ? new JsonObject { ["id"] = sampleId } : null,
            ["provenance"] = Provenance(dataset, m),
            ["files"] = new JsonArray(m.Files.Select(f => (JsonNode)new JsonObject
            {
                ["fileId"] = f.FileId,
                ["name"] = f.Name,
                ["mediaType"] = f.MediaType,
                ["size"] = f.Size,
                ["sha256"] = f.Sha256,
                ["stored"] = f.Content is not null,
            }).ToArray()),
            ["embargoUntil"] = Time(m.EmbargoUntil ?? dataset.EmbargoUntil),
            ["license"] = dataset.License,
            ["exportedAt"] = Time(dataset.ExportedAt),
            ["program"] = new JsonObject { ["name"] = ExportDefaults.ProgramName, ["version"] = dataset.ProgramVersion },
        };
    }

    public static JsonObject Instrument(MeasurementExport m) => new()
    {
        ["id"] = m.Instrument.Id,
        ["name"] = m.Instrument.Name,
        ["kind"] = m.Instrument.Kind,
        ["profile"] = new JsonObject { ["id"] = m.Instrument.ProfileId, ["version"] = m.Instrument.ProfileVersion, ["title"] = m.Instrument.ProfileTitle },
        ["agent"] = new JsonObject { ["name"] = m.Instrument.AgentName, ["version"] = m.Instrument.AgentVersion },
        ["calibration"] = m.Document.Calibration is { } c ? new JsonObject { ["id"] = c.Id, ["date"] = c.Date } : null,
        ["fields"] = Quantities(m.Document.InstrumentFields),
    };

    static JsonObject Provenance(DatasetExport dataset, MeasurementExport m)
    {
        var job = dataset.Job;
        return new JsonObject
        {
            ["facility"] = dataset.FacilityName,
            ["owner"] = Person(dataset.Owner),
            ["requester"] = Person(dataset.Requester),
            ["onBehalfOf"] = Person(dataset.OnBehalfOf),
            ["operator"] = Person(dataset.Operator),
            ["chain"] = new JsonArray(new[]
            {
                m.Record.SampleId is { } s ? $"sample:{s}" : null,
                m.Record.JobId is { } j ? $"job:{j}" : null,
                m.Record.Attempt is { } a ? $"attempt:{a}" : null,
                $"measurement:{m.Record.Id}",
            }.Where(x => x is not null).Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
            ["job"] = job is null ? null : new JsonObject
            {
                ["id"] = job.Id,
                ["state"] = job.State,
                ["method"] = job.Method,
                ["instrumentKind"] = job.InstrumentKind,
                ["attempt"] = job.Attempt,
                ["createdAt"] = Time(job.CreatedAt),
                ["history"] = new JsonArray(job.History.Select(h => (JsonNode)new JsonObject
                {
                    ["at"] = Time(h.At),
                    ["from"] = h.From,
                    ["to"] = h.To,
                    ["actor"] = h.Actor,
                    ["onBehalfOf"] = h.OnBehalfOf,
                    ["reason"] = h.Reason,
                    ["attempt"] = h.Attempt,
                }).ToArray()),
            },
        };
    }

    public static JsonArray Quantities(IEnumerable<Quantity> values) => new(values.Select(q => (JsonNode)new JsonObject
    {
        ["name"] = q.Name,
        ["value"] = q.Number is { } n ? JsonValue.Create(n) : JsonValue.Create(q.Text),
        ["unit"] = q.Unit,
    }).ToArray());

    static JsonObject? Person(PersonInfo? p) => p is null ? null : new JsonObject { ["id"] = p.Id, ["name"] = p.Name, ["role"] = p.Role };

    /// <summary>RFC 3339 UTC with milliseconds, as the wire protocol writes times.</summary>
    public static string? Time(DateTimeOffset? t) =>
        t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
