using System.Text.Encodings.Web;
using System.Text.Json;

namespace SmartLab.Export.Internal;

static class ExportJson
{
    /// <summary>Readable files; non-ASCII (Å, µ, sample names in Japanese) written as itself, not as escapes.</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
