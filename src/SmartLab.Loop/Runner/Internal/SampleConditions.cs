using System.Globalization;
using System.Text.Json;
using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>
/// The line a loop writes into each sample's description: which loop and experiment the sample is for and the conditions
/// it is to get, as JSON. Staff see what the film is for; a restarted runner reads the point back from it when no job of
/// the experiment shows it yet.
/// </summary>
internal static class SampleConditions
{
    const string Marker = "; conditions ";

    public static string Describe(string loop, int number, Point point) =>
        $"Closed loop `{loop}`, experiment {number.ToString(CultureInfo.InvariantCulture)}{Marker}"
        + JsonSerializer.Serialize(point.ToDictionary(p => p.Key, p => p.Value));

    /// <summary>The conditions written by <see cref="Describe"/>, or null when the description holds none.</summary>
    public static Dictionary<string, object>? Read(string? description)
    {
        var at = description?.LastIndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(description![(at + Marker.Length)..]);
            return json.RootElement.ValueKind == JsonValueKind.Object
                ? json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone(), StringComparer.Ordinal)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
