using System.Globalization;

namespace SmartLab.Loop.Runner;

/// <summary>
/// The tag a loop puts on each job, <c>loop:{name}:{experiment}:{step}</c>, and the idempotency keys of its requests.
/// The hub's records carry the tags, so a restarted runner rebuilds its experiments from the hub, never from local state;
/// the keys make a repeat of a request whose answer was lost create nothing new.
/// </summary>
/// <param name="Loop">The loop's name.</param>
/// <param name="Experiment">Experiment number, from 1.</param>
/// <param name="Step">The step's name.</param>
public sealed record LoopNotes(string Loop, int Experiment, string Step)
{
    const string Prefix = "loop:";

    /// <summary>The notes text, <c>loop:{name}:{experiment}:{step}</c>.</summary>
    public override string ToString() => $"{Prefix}{Loop}:{Experiment.ToString(CultureInfo.InvariantCulture)}:{Step}";

    /// <summary>Idempotency-Key of the step's job: <c>loop-{name}-{experiment}-{step}</c>.</summary>
    public string JobKey => JobKeyFor(Loop, Experiment, Step);

    /// <summary>Idempotency-Key of the job of a step.</summary>
    public static string JobKeyFor(string loop, int experiment, string step) =>
        $"loop-{loop}-{experiment.ToString(CultureInfo.InvariantCulture)}-{step}";

    /// <summary>Idempotency-Key of an experiment's sample: <c>loop-{name}-{experiment}-sample</c>.</summary>
    public static string SampleKeyFor(string loop, int experiment) =>
        $"loop-{loop}-{experiment.ToString(CultureInfo.InvariantCulture)}-sample";

    /// <summary>Reads a job's notes; null when they are not a loop's tag.</summary>
    public static LoopNotes? TryParse(string? notes)
    {
        if (notes is null || !notes.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = notes[Prefix.Length..].Split(':');
        return parts.Length == 3 && parts[0].Length > 0 && parts[2].Length > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? new LoopNotes(parts[0], n, parts[2])
            : null;
    }
}
