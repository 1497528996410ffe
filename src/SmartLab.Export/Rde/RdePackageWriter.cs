using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Export.Internal;
using SmartLab.Export.Model;

namespace SmartLab.Export.Rde;

/// <summary>
/// A job's dataset as an ARIM RDE registration package (zip), laid out the way rdetoolkit's structuring reads and writes a
/// data folder: <c>invoice/invoice.json</c>, <c>tasksupport/invoice.schema.json</c> and <c>metadata-def.json</c>,
/// <c>meta/metadata.json</c> (constant metadata plus one <c>variable</c> set per measurement), <c>raw/</c> (the agent's
/// documents and files), <c>structured/</c> (NeXus, CSV and JSON made from them), <c>main_image/</c> and
/// <c>other_image/</c> (images the instrument sent), and the empty <c>nonshared_raw/</c> and <c>thumbnail/</c>.
/// </summary>
public sealed class RdePackageWriter(RdeOptions? options = null)
{
    static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff"];

    readonly RdeOptions _options = options ?? new RdeOptions();

    public void Write(DatasetExport dataset, Stream output)
    {
        using var zip = new ZipOut(output, dataset.ExportedAt);
        zip.Add("invoice/invoice.json", Json(RdeInvoice.Build(dataset, _options)));
        zip.Add("tasksupport/invoice.schema.json", Json(RdeInvoice.Schema(dataset)));
        var (definitions, metadata) = RdeMetadata.Build(dataset);
        zip.Add("tasksupport/metadata-def.json", Json(definitions));
        zip.Add("meta/metadata.json", Json(metadata));

        var images = new List<(string Name, byte[] Content)>();
        foreach (var m in dataset.Measurements)
        {
            zip.Add($"raw/{m.Id}.document.json", System.Text.Encoding.UTF8.GetBytes(m.Document.Json));
            foreach (var file in m.Files.Where(f => f.Content is not null))
            {
                zip.Add($"raw/{m.Id}_{file.SafeName}", file.Content!);
                if (ImageTypes.Contains(file.MediaType))
                {
                    images.Add(($"{m.Id}_{file.SafeName}", file.Content!));
                }
            }

            foreach (var file in new[] { DerivedFiles.Nexus(dataset, m), DerivedFiles.Csv(m), DerivedFiles.Sidecar(dataset, m), DerivedFiles.Record(dataset, m) })
            {
                zip.Add($"structured/{file.Name}", file.Content);
            }
        }

        // RDE shows one representative image per data tile; further images are listed only.
        zip.Folder("main_image/");
        zip.Folder("other_image/");
        for (var i = 0; i < images.Count; i++)
        {
            zip.Add((i == 0 ? "main_image/" : "other_image/") + images[i].Name, images[i].Content);
        }

        zip.Folder("nonshared_raw/");
        zip.Folder("thumbnail/");
    }

    static byte[] Json(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, ExportJson.Indented);

    internal static string Date(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
