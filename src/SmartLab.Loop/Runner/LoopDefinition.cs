using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

/// <summary>
/// A closed-loop experiment as its YAML file describes it: the search space, the jobs of one experiment, where the
/// objective comes from, and how many experiments to run, how many at once. See
/// <c>docs/examples/loops/anneal-sheet-resistance.yaml</c> for a commented example.
/// </summary>
public sealed record LoopDefinition
{
    /// <summary>The optimizers a loop file may name.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["random", "grid", "bayesian"];

    /// <summary>
    /// The loop's name. It is part of every job's notes (<c>loop:{name}:{n}:{step}</c>) and idempotency key, which is
    /// how a restarted runner finds its experiments: renaming a loop starts it afresh.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>What the loop is for, in the scientist's words (optional).</summary>
    public string? Description { get; init; }

    /// <summary>Seed of the optimizer (proposals are reproducible for a given seed and history).</summary>
    public int Seed { get; init; }

    /// <summary>Experiments to run in all, counting those of earlier runs of the same loop.</summary>
    public required int Budget { get; init; }

    /// <summary>Experiments running at once (1 by default); each runs its steps in order.</summary>
    public int InFlight { get; init; } = 1;

    /// <summary><c>random</c>, <c>grid</c> or <c>bayesian</c> (the default).</summary>
    public string Optimizer { get; init; } = "bayesian";

    public Goal Goal { get; init; } = Goal.Minimize;

    public required LoopObjective Objective { get; init; }

    public required IReadOnlyList<LoopDimension> Space { get; init; }

    /// <summary>The jobs of one experiment, in the order they run, all on the experiment's sample.</summary>
    public required IReadOnlyList<LoopStep> Steps { get; init; }

    /// <summary>
    /// Optimizers to run as reference loops beside this one (<c>compare:</c>), each with the same file, seed and budget
    /// under the name <see cref="ComparisonName"/>: they use the same instruments, so they cost experiments too.
    /// </summary>
    public IReadOnlyList<string> Compare { get; init; } = [];

    /// <summary>The loop this loop runs as its reference with <paramref name="optimizer"/>.</summary>
    public LoopDefinition ComparisonFor(string optimizer) =>
        this with { Name = ComparisonName(Name, optimizer), Optimizer = optimizer, Compare = [] };

    /// <summary><c>{name}.{optimizer}</c>, shortened so it stays a valid loop name.</summary>
    public static string ComparisonName(string name, string optimizer) =>
        (name.Length + 1 + optimizer.Length > Contracts.Api.LoopNames.MaxLength ? name[..(Contracts.Api.LoopNames.MaxLength - 1 - optimizer.Length)] : name)
        + "." + optimizer;

    public required LoopSampleTemplate Sample { get; init; }

    /// <summary>Reads and checks a loop file.</summary>
    /// <exception cref="LoopDefinitionException">The file cannot be read or is not a valid loop (message <c>file:line: problem</c>).</exception>
    public static LoopDefinition Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoopDefinitionException(path, 0, "cannot read the loop file: " + e.Message, e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and checks loop YAML; <paramref name="fileName"/> is used in error messages.</summary>
    /// <exception cref="LoopDefinitionException">Not a valid loop (message <c>file:line: problem</c>).</exception>
    public static LoopDefinition Parse(string yaml, string fileName = "loop.yaml") => LoopFileReader.Read(yaml, fileName);

    /// <summary>The step with this name, or null.</summary>
    public LoopStep? FindStep(string name) => Steps.FirstOrDefault(s => s.Name == name);
}
