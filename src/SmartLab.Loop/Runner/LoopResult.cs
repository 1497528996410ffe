using SmartLab.Loop.Optimization;

namespace SmartLab.Loop.Runner;

/// <summary>What a loop did: every finished experiment (of this run and earlier ones) and the best of them.</summary>
public sealed record LoopResult
{
    public required string Loop { get; init; }

    public required Goal Goal { get; init; }

    public required int Budget { get; init; }

    /// <summary>Unit of the objective as the measurements describe it (UCUM, for example <c>Ohm/{sq}</c>); null when they do not say.</summary>
    public string? ObjectiveUnit { get; init; }

    /// <summary>Finished experiments, by number.</summary>
    public required IReadOnlyList<ExperimentResult> Experiments { get; init; }

    /// <summary>The succeeded experiment with the best value (the earliest on a tie); null when none succeeded.</summary>
    public ExperimentResult? Best { get; init; }

    /// <summary>Why the loop ended.</summary>
    public LoopEnd Ended { get; init; }

    /// <summary>Why the loop ended before its budget, in words; null when the budget was used.</summary>
    public string? StoppedBecause { get; init; }

    /// <summary>
    /// The best value after each experiment, in experiment order: item i is the best of experiments 1..i+1 (NaN until one
    /// succeeds). This is the convergence curve of the loop.
    /// </summary>
    public IReadOnlyList<double> BestSoFar()
    {
        var curve = new List<double>(Experiments.Count);
        double? best = null;
        foreach (var experiment in Experiments)
        {
            if (experiment.Value is { } value && (best is null || Better(value, best.Value)))
            {
                best = value;
            }

            curve.Add(best ?? double.NaN);
        }

        return curve;
    }

    bool Better(double value, double than) => Goal == Goal.Maximize ? value > than : value < than;
}
