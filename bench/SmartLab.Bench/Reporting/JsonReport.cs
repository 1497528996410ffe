using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartLab.Bench.Reporting;

/// <summary>Writes the report as indented camelCase JSON.</summary>
public static class JsonReport
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(SuiteReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, report, Options).ConfigureAwait(false);
    }
}
