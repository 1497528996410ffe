using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// Uniform random search: the baseline every smarter optimizer must beat. The k-th proposal of a loop
/// (k = observed + pending + position in the batch) is drawn from a generator seeded by (seed, k), so the
/// sequence is reproducible and independent of how proposals were batched.
/// </summary>
public sealed class RandomSearch : IOptimizer
{
    private const int MaxAttempts = 10_000;
    private readonly SearchSpace space;
    private readonly int seed;

    /// <summary>Creates a random search over <paramref name="space"/>.</summary>
    public RandomSearch(SearchSpace space, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        this.space = space;
        this.seed = seed;
    }

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public IReadOnlyList<Point> Propose(int count, IReadOnlyList<Observation> observed, IReadOnlyList<Point> pending)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(pending);

        var taken = TakenPoints.Of(space, observed, pending);
        var proposals = new List<Point>(count);
        for (var i = 0; i < count; i++)
        {
            var random = SeedMixer.Random(seed, observed.Count + pending.Count + i);
            var point = Enumerable.Range(0, MaxAttempts).Select(_ => space.Sample(random)).FirstOrDefault(p => !taken.Contains(p));
            if (point is null)
            {
                break;
            }

            proposals.Add(point);
            taken.Add(point);
        }

        return proposals;
    }
}
