using System.Text.Json;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>Reads an experiment's value from a measurement document: <c>data[output]</c>, a number or an array of numbers.</summary>
internal static class ObjectiveValue
{
    /// <exception cref="LoopRunException">The output is missing or not numeric (the loop file names the wrong output).</exception>
    public static double Read(JsonElement? document, LoopObjective objective, string measurementId)
    {
        if (document is not { ValueKind: JsonValueKind.Object } doc || !doc.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new LoopRunException($"measurement {measurementId} has no data to read the objective `{objective.Output}` from");
        }

        if (!data.TryGetProperty(objective.Output, out var output))
        {
            var names = data.EnumerateObject().Select(p => p.Name).ToList();
            throw new LoopRunException($"measurement {measurementId} has no output `{objective.Output}`; it has: "
                + (names.Count == 0 ? "none" : string.Join(", ", names)) + ". Fix `objective.output` in the loop file.");
        }

        var values = new List<double>();
        Collect(output, values);
        if (values.Count == 0)
        {
            throw new LoopRunException($"output `{objective.Output}` of measurement {measurementId} holds no numbers ({output.ValueKind})");
        }

        return objective.Reduce switch
        {
            ObjectiveReduce.Min => values.Min(),
            ObjectiveReduce.Max => values.Max(),
            ObjectiveReduce.Last => values[^1],
            _ => values.Average(),
        };
    }

    /// <summary>The output's unit from the document's descriptors, or null.</summary>
    public static string? Unit(JsonElement? document, LoopObjective objective) =>
        document is { ValueKind: JsonValueKind.Object } doc
        && doc.TryGetProperty("descriptors", out var descriptors) && descriptors.ValueKind == JsonValueKind.Object
        && descriptors.TryGetProperty(objective.Output, out var descriptor) && descriptor.ValueKind == JsonValueKind.Object
        && descriptor.TryGetProperty("units", out var units) && units.ValueKind == JsonValueKind.String
            ? units.GetString()
            : null;

    /// <summary>A scalar, or every number of a (possibly nested) array in order; nulls and text are skipped.</summary>
    static void Collect(JsonElement element, List<double> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                values.Add(element.GetDouble());
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, values);
                }

                break;
        }
    }
}
