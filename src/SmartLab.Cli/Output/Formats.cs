using System.Globalization;
using System.Text.Json;
using SmartLab.Cli.Http;

namespace SmartLab.Cli.Output;

/// <summary>How values read in tables and lines: local time, percentages, sizes.</summary>
internal static class Formats
{
    public static string? Time(DateTimeOffset? at, TimeProvider time) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null;

    public static string Clock(DateTimeOffset at, TimeProvider time) =>
        TimeZoneInfo.ConvertTime(at, time.LocalTimeZone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Job progress is a fraction 0–1 on the wire.</summary>
    public static string? Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(f, 0, 1) * 100:0}%") : null;

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    /// <summary>A parameters object on one line: <c>start=10, stop=80, temperature=500 Cel</c>.</summary>
    public static string? Parameters(JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } p)
        {
            return null;
        }

        return string.Join(", ", p.EnumerateObject().Select(v => $"{v.Name}={Value(v.Value)}"));
    }

    static string Value(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var number) && value.TryGetProperty("unit", out var unit)
            ? $"{number} {unit.GetString()}"
            : value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    public static void WriteJson<T>(TextWriter output, T value) =>
        output.WriteLine(JsonSerializer.Serialize(value, CliJson.Indented));
}
