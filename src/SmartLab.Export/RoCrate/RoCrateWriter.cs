using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.RoCrate;

/// <summary>
/// A job's dataset as an RO-Crate 1.1 zip: per measurement a folder <c>&lt;measurementId&gt;/</c> with the NeXus file, the
/// CSV and its sidecar, the full JSON record and the agent's files under <c>files/</c>; and <c>ro-crate-metadata.json</c>
/// describing all of it: the root Dataset, a File entity per file (media type, size, SHA-256), the people, the facility,
/// the instrument, the sample, and one CreateAction per measurement linking them.
/// </summary>
public sealed class RoCrateWriter
{
    public const string Context = "https://w3id.org/ro/crate/1.1/context";
    public const string Specification = "https://w3id.org/ro/crate/1.1";
    public const string MetadataFileName = "ro-crate-metadata.json";

    public void Write(DatasetExport dataset, Stream output)
    {
        var graph = new CrateGraph(dataset);
        using (var zip = new ZipOut(output, dataset.ExportedAt))
        {
            foreach (var m in dataset.Measurements)
            {
                var folder = $"{m.Id}/";
                var results = new List<string>();
                foreach (var file in new[] { DerivedFiles.Nexus(dataset, m), DerivedFiles.Csv(m), DerivedFiles.Sidecar(dataset, m), DerivedFiles.Record(dataset, m) })
                {
                    results.Add(AddFile(zip, graph, folder + file.Name, file.Content, file.MediaType, file.Description, dataset));
                }

                foreach (var file in m.Files.Where(f => f.Content is not null))
                {
                    results.Add(AddFile(zip, graph, $"{folder}files/{file.SafeName}", file.Content!, file.MediaType, $"file `{file.Name}` as sent by the instrument", dataset));
                }

                graph.AddMeasurement(m, folder, results);
            }

            zip.Add(MetadataFileName, JsonSerializer.SerializeToUtf8Bytes(graph.ToDocument(), ExportJson.Indented));
        }
    }

    static string AddFile(ZipOut zip, CrateGraph graph, string path, byte[] content, string mediaType, string description, DatasetExport dataset)
    {
        zip.Add(path, content);
        var entity = new JsonObject
        {
            ["@id"] = path,
            ["@type"] = "File",
            ["name"] = Path.GetFileName(path),
            ["description"] = description,
            ["encodingFormat"] = mediaType,
            ["contentSize"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content)),
            ["dateCreated"] = MetadataJson.Time(dataset.ExportedAt),
        };
        if (CrateGraph.Embargo(dataset) is { } embargo)
        {
            entity["conditionsOfAccess"] = embargo;
        }

        graph.Add(entity);
        return path;
    }
}
