using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// Full factorial grid search. Continuous dimensions get <see cref="PointsPerDimension"/> evenly spaced values
/// including both bounds (evenly in the logarithm for logarithmic ones), integer dimensions the same or all their
/// values when there are fewer, categorical dimensions all their labels. Points the constraint forbids are left out.
/// The grid is run in a fixed space-filling order (centre first, then always the point farthest from those
/// already chosen), so a loop stopped early has still covered the whole space coarsely.
/// </summary>
public sealed class GridSearch : IOptimizer
{
    /// <summary>Largest grid accepted; ordering cost grows with the square of the grid size.</summary>
    public const int MaximumGridSize = 20_000;

    private readonly SearchSpace space;

    /// <summary>Creates a grid with <paramref name="pointsPerDimension"/> values per numeric dimension.</summary>
    /// <exception cref="ArgumentException">The full grid would exceed <see cref="MaximumGridSize"/> points.</exception>
    public GridSearch(SearchSpace space, int pointsPerDimension)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerDimension, 1);
        this.space = space;
        PointsPerDimension = pointsPerDimension;
        var size = FullSize(space, pointsPerDimension);
        if (size > MaximumGridSize)
        {
            throw new ArgumentException(
                $"A grid of {pointsPerDimension} points per dimension has {size} points, more than the {MaximumGridSize} supported; use fewer points per dimension.",
                nameof(pointsPerDimension));
        }

        Points = SpaceFillingOrder.Arrange(space, [.. Enumerate(space, pointsPerDimension).Where(space.Allows)]);
    }

    /// <summary>Points per numeric dimension.</summary>
    public int PointsPerDimension { get; }

    /// <summary>Every allowed grid point, in the order they are proposed.</summary>
    public IReadOnlyList<Point> Points { get; }

    /// <inheritdoc />
    public string Name => "grid";

    /// <summary>
    /// The finest grid whose allowed points fit in <paramref name="budget"/> experiments (at least one point per
    /// dimension, so a very small budget still gets the centre of the space).
    /// </summary>
    public static GridSearch ForBudget(SearchSpace space, int budget)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var best = 1;
        var previousSize = FullSize(space, 1);
        for (var points = 2; ; points++)
        {
            var size = FullSize(space, points);
            if (size > MaximumGridSize || size == previousSize)
            {
                break; // too big to enumerate, or only integer/categorical dimensions that cannot get finer
            }

            if (Enumerate(space, points).Count(space.Allows) > budget)
            {
                break;
            }

            best = points;
            previousSize = size;
        }

        return new GridSearch(space, best);
    }

    /// <inheritdoc />
    public IReadOnlyList<Point> Propose(int count, IReadOnlyList<Observation> observed, IReadOnlyList<Point> pending)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(pending);
        var taken = TakenPoints.Of(space, observed, pending);
        return [.. Points.Where(p => !taken.Contains(p)).Take(count)];
    }

    private static long FullSize(SearchSpace space, int pointsPerDimension) =>
        space.Dimensions.Aggregate(1L, (size, d) => Math.Min(long.MaxValue / 1024, size * d.GridValues(pointsPerDimension).Count));

    private static IEnumerable<Point> Enumerate(SearchSpace space, int pointsPerDimension)
    {
        var values = space.Dimensions.Select(d => d.GridValues(pointsPerDimension)).ToArray();
        var index = new int[values.Length];
        while (true)
        {
            yield return new Point(space.Dimensions.Select((d, i) => new KeyValuePair<string, object>(d.Name, values[i][index[i]])));

            // Odometer increment, last dimension fastest.
            var position = values.Length - 1;
            while (position >= 0 && ++index[position] == values[position].Count)
            {
                index[position] = 0;
                position--;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }
}
