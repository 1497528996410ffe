using System.Globalization;
using SmartLab.Loop.Runner;

namespace SmartLab.Loop.Tests.Runner;

/// <summary>Loop files for the tests: the demo's anneal → sheet-resistance loop, sized for a fast simulated lab.</summary>
internal static class LoopFiles
{
    public static string AnnealSheetResistance(string name, int budget, int inFlight, string optimizer = "random", int seed = 3) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        name: {{name}}
        seed: {{seed}}
        budget: {{budget}}
        inFlight: {{inFlight}}
        optimizer: {{optimizer}}
        goal: minimize
        objective: { step: measure, output: sheetResistance, reduce: mean }
        space:
          - { name: temperature, type: continuous, min: 300, max: 700, unit: Cel }
          - { name: dwell, type: continuous, min: 5, max: 60, unit: min, log: true }
        steps:
          - name: anneal
            instrumentKind: tube-furnace
            method: anneal
            parameters: { temperature: "${temperature}", dwell: "${dwell}", rampRate: 20, atmosphere: N2 }
          - name: measure
            instrumentKind: four-point-probe
            method: sheetResistance
            parameters: { current: 1, points: 3 }
        sample: { namePrefix: "ITO film", composition: "In2O3:Sn" }
        """);

    public static LoopDefinition Parse(string yaml) => LoopDefinition.Parse(yaml, "test-loop.yaml");
}
