using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Json;

/// <summary>The full record of one measurement as one JSON document: metadata and provenance, and the agent's document as sent.</summary>
public sealed class JsonRecordWriter
{
    public void Write(DatasetExport dataset, MeasurementExport measurement, Stream output)
    {
        var record = MetadataJson.Build(dataset, measurement, dataFile: null);
        record.Remove("dataFile");
        var r = measurement.Record;
        record["record"] = new JsonObject
        {
            ["instrumentId"] = r.InstrumentId,
            ["profileId"] = r.ProfileId,
            ["profileVersion"] = r.ProfileVersion,
            ["owner"] = r.Owner,
            ["requester"] = r.Requester,
            ["onBehalfOf"] = r.OnBehalfOf,
            ["operator"] = r.Operator,
            ["agentName"] = r.AgentName,
            ["agentVersion"] = r.AgentVersion,
            ["derivedFrom"] = new JsonArray(r.DerivedFrom.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
            ["documentSha256"] = r.DocumentSha256,
            ["complete"] = r.Complete,
            ["missing"] = new JsonArray(r.Missing.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        };
        record["document"] = JsonNode.Parse(measurement.Document.Json);
        JsonSerializer.Serialize(output, record, ExportJson.Indented);
    }
}
