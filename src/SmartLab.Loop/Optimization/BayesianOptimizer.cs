using MathNet.Numerics.Distributions;
using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// Bayesian optimisation: a Latin hypercube design for the first <see cref="InitialRandom"/> experiments, then a
/// <see cref="GaussianProcess"/> (Matérn 5/2 ARD, hyperparameters by maximum likelihood) on the encoded points and
/// the point of largest expected improvement, searched over <see cref="Candidates"/> seeded random candidates plus
/// perturbations of the best observations, each of the best few refined by a local compass search.
/// Batches and still-running experiments are handled by the Kriging believer: a pending or just-chosen point is
/// treated as observed at the model's predicted mean, which removes its uncertainty and steers the next choice
/// elsewhere. Every random draw is seeded by (seed, proposal number), so the optimizer is deterministic and
/// stateless (see <see cref="IOptimizer"/>).
/// </summary>
public sealed class BayesianOptimizer : IOptimizer
{
    private const int RefinedCandidates = 3;
    private const int RefinementEvaluations = 150;
    private const int Incumbents = 3;
    private const int PerturbationsPerIncumbent = 40;
    private const double PerturbationScale = 0.05;
    private const int ModelRestarts = 2;

    private readonly SearchSpace space;
    private readonly int seed;
    private readonly IReadOnlyList<Point> design;

    /// <summary>Creates a Bayesian optimizer.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="goal">Whether to minimise or maximise the objective.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="initialRandom">Experiments from the initial design before the model takes over; default max(2·dimensions, 5).</param>
    /// <param name="candidates">Random candidates scored per proposal; default 2000.</param>
    public BayesianOptimizer(SearchSpace space, Goal goal = Goal.Minimize, int seed = 0, int? initialRandom = null, int candidates = 2000)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        if (initialRandom is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(initialRandom), initialRandom, "The initial design needs at least one experiment.");
        }

        this.space = space;
        this.seed = seed;
        Goal = goal;
        InitialRandom = initialRandom ?? Math.Max(2 * space.Dimensions.Count, 5);
        Candidates = candidates;
        design = LatinHypercube.Design(space, InitialRandom, SeedMixer.Random(seed, -1));
    }

    /// <inheritdoc />
    public string Name => "bayesian";

    /// <summary>Whether the objective is minimised or maximised.</summary>
    public Goal Goal { get; }

    /// <summary>Number of initial-design experiments before the model is used.</summary>
    public int InitialRandom { get; }

    /// <summary>Random candidates scored per proposal.</summary>
    public int Candidates { get; }

    /// <inheritdoc />
    public IReadOnlyList<Point> Propose(int count, IReadOnlyList<Observation> observed, IReadOnlyList<Point> pending)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(pending);

        var taken = TakenPoints.Of(space, observed, pending);
        var usable = observed.Where(o => double.IsFinite(o.Value) && space.Contains(o.Point)).ToList();
        var first = observed.Count + pending.Count;
        var proposals = new List<Point>(count);
        BeliefModel? model = null;
        for (var i = 0; i < count; i++)
        {
            var number = first + i;
            Point? next;
            if (number < InitialRandom || usable.Count < 2)
            {
                next = DesignPoint(number, taken);
            }
            else
            {
                model ??= BeliefModel.Fit(space, usable, [.. pending, .. proposals], Goal, SeedMixer.Mix(seed, first), ModelRestarts);
                next = Acquire(model, number, taken, usable) ?? DesignPoint(number, taken);
            }

            if (next is null)
            {
                break; // nothing new left in the space
            }

            model?.Believe(space.EncodeCanonical(next));
            proposals.Add(next);
            taken.Add(next);
        }

        return proposals;
    }

    private Point? DesignPoint(int number, HashSet<Point> taken)
    {
        if (number < design.Count && !taken.Contains(design[number]))
        {
            return design[number];
        }

        var random = SeedMixer.Random(seed, number, 2);
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var point = space.Sample(random);
            if (!taken.Contains(point))
            {
                return point;
            }
        }

        return null;
    }

    private Point? Acquire(BeliefModel model, int number, HashSet<Point> taken, List<Observation> usable)
    {
        var random = SeedMixer.Random(seed, number, 1);
        var candidates = new List<Point>(Candidates + (PerturbationsPerIncumbent * Incumbents));
        for (var c = 0; c < Candidates; c++)
        {
            var point = space.FromUnit(random);
            if (space.Allows(point))
            {
                candidates.Add(point);
            }
        }

        // Most of the gain late in a loop is near the best results, which uniform candidates sample thinly.
        var incumbents = Goal == Goal.Minimize ? usable.OrderBy(o => o.Value) : usable.OrderByDescending(o => o.Value);
        foreach (var incumbent in incumbents.Take(Incumbents))
        {
            var centre = space.Encode(incumbent.Point);
            for (var p = 0; p < PerturbationsPerIncumbent; p++)
            {
                var moved = (double[])centre.Clone();
                foreach (var column in space.NumericColumns)
                {
                    moved[column] += Normal.Sample(random, 0, PerturbationScale);
                }

                var point = space.Decode(moved);
                if (space.Allows(point))
                {
                    candidates.Add(point);
                }
            }
        }

        double Score(Point point) =>
            taken.Contains(point) || !space.Allows(point) ? double.NegativeInfinity : model.ExpectedImprovement(space.EncodeCanonical(point));

        var scored = candidates
            .Where(p => !taken.Contains(p))
            .Select((p, index) => (Point: p, Score: model.ExpectedImprovement(space.EncodeCanonical(p)), Index: index))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Index)
            .ToList();
        if (scored.Count == 0)
        {
            return null;
        }

        if (!(scored[0].Score > 0))
        {
            // Expected improvement underflowed everywhere: explore where the model knows least.
            return scored.OrderByDescending(s => model.Variance(space.EncodeCanonical(s.Point))).ThenBy(s => s.Index).First().Point;
        }

        var best = (scored[0].Point, scored[0].Score);
        foreach (var (point, score, _) in scored.Take(RefinedCandidates))
        {
            var refined = CompassSearch.Maximise(space, point, score, Score, RefinementEvaluations);
            if (refined.Score > best.Score)
            {
                best = refined;
            }
        }

        return best.Point;
    }
}
