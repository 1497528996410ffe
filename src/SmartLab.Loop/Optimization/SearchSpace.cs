namespace SmartLab.Loop.Optimization;

/// <summary>
/// The conditions a loop may choose from: a list of dimensions plus an optional constraint that rules out
/// combinations the instruments must not run (for example a long dwell at the highest temperature).
/// It also maps points to and from the unit cube the optimizers work in: one column per numeric dimension
/// (logarithmic where asked), one-hot columns per categorical dimension.
/// </summary>
public sealed class SearchSpace
{
    private readonly int[] offsets;

    /// <summary>Creates a search space.</summary>
    /// <param name="dimensions">One or more dimensions with distinct names.</param>
    /// <param name="constraint">Returns false for points that must not be proposed; null allows every point.</param>
    public SearchSpace(IEnumerable<Dimension> dimensions, Func<IReadOnlyDictionary<string, object>, bool>? constraint = null)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        Dimension[] list = [.. dimensions];
        if (list.Length == 0)
        {
            throw new ArgumentException("A search space needs at least one dimension.", nameof(dimensions));
        }

        var repeated = list.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Dimension `{repeated.Key}` is defined more than once.", nameof(dimensions));
        }

        Dimensions = list;
        Constraint = constraint;
        offsets = new int[list.Length];
        var width = 0;
        for (var i = 0; i < list.Length; i++)
        {
            offsets[i] = width;
            width += list[i].Width;
        }

        EncodedLength = width;
        NumericColumns = [.. Enumerable.Range(0, list.Length).Where(i => list[i].IsNumeric).Select(i => offsets[i])];
    }

    /// <summary>The dimensions, in the order given.</summary>
    public IReadOnlyList<Dimension> Dimensions { get; }

    /// <summary>The constraint, or null when every point in the bounds is allowed.</summary>
    public Func<IReadOnlyDictionary<string, object>, bool>? Constraint { get; }

    /// <summary>Number of columns of <see cref="Encode"/>: one per numeric dimension plus one per category.</summary>
    public int EncodedLength { get; }

    /// <summary>Encoded columns that belong to numeric dimensions (local search moves only these).</summary>
    internal IReadOnlyList<int> NumericColumns { get; }

    /// <summary>
    /// Builds a point of this space from loosely typed values (numbers as any numeric type, numeric text,
    /// <see cref="System.Text.Json.JsonElement"/>), converting each to its dimension's type.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is missing or unknown, or a value is out of bounds or of the wrong kind.</exception>
    public Point CreatePoint(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var unknown = values.Keys.FirstOrDefault(k => !Dimensions.Any(d => string.Equals(d.Name, k, StringComparison.Ordinal)));
        if (unknown is not null)
        {
            throw new ArgumentException(
                $"Point names `{unknown}`, which is not a dimension of the search space ({string.Join(", ", Dimensions.Select(d => d.Name))}).",
                nameof(values));
        }

        var result = new KeyValuePair<string, object>[Dimensions.Count];
        for (var i = 0; i < Dimensions.Count; i++)
        {
            var dimension = Dimensions[i];
            if (!values.TryGetValue(dimension.Name, out var value) || value is null)
            {
                throw new ArgumentException($"Point has no value for dimension `{dimension.Name}`.", nameof(values));
            }

            result[i] = new(dimension.Name, dimension.Normalize(value));
        }

        return new Point(result);
    }

    /// <summary>True when the point has a valid value for every dimension and the constraint accepts it.</summary>
    public bool IsFeasible(Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var canonical = TryCanonical(point);
        return canonical is not null && (Constraint is null || Constraint(canonical));
    }

    /// <summary>Maps a point to the unit cube (<see cref="EncodedLength"/> columns, each in [0, 1]).</summary>
    /// <exception cref="ArgumentException">The point does not belong to this space.</exception>
    public double[] Encode(Point point) => EncodeCanonical(CreatePoint(point));

    /// <summary>Encodes a point whose values already have their dimensions' types (from Decode, FromUnit, CreatePoint).</summary>
    internal double[] EncodeCanonical(Point canonical)
    {
        var result = new double[EncodedLength];
        for (var i = 0; i < Dimensions.Count; i++)
        {
            Dimensions[i].Encode(canonical[Dimensions[i].Name], result.AsSpan(offsets[i], Dimensions[i].Width));
        }

        return result;
    }

    /// <summary>
    /// The point nearest to arbitrary encoded columns: numeric columns are clamped to [0, 1] (and rounded for
    /// integers), each categorical block takes its largest column. The constraint is not checked.
    /// </summary>
    public Point Decode(ReadOnlySpan<double> encoded)
    {
        if (encoded.Length != EncodedLength)
        {
            throw new ArgumentException($"Expected {EncodedLength} encoded columns, got {encoded.Length}.", nameof(encoded));
        }

        var result = new KeyValuePair<string, object>[Dimensions.Count];
        for (var i = 0; i < Dimensions.Count; i++)
        {
            result[i] = new(Dimensions[i].Name, Dimensions[i].Decode(encoded.Slice(offsets[i], Dimensions[i].Width)));
        }

        return new Point(result);
    }

    /// <summary>
    /// A uniformly random feasible point (every category and integer equally likely; logarithmic dimensions
    /// uniform in their logarithm), found by rejection against the constraint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The constraint rejected <paramref name="maxAttempts"/> points in a row.</exception>
    public Point Sample(Random random, int maxAttempts = 10_000)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var point = FromUnit(random);
            if (Constraint is null || Constraint(point))
            {
                return point;
            }
        }

        throw new InvalidOperationException(
            $"The search space's constraint rejected {maxAttempts} random points in a row; check that it allows a reasonable part of the space.");
    }

    /// <summary>A random point in the bounds, ignoring the constraint.</summary>
    internal Point FromUnit(Random random)
    {
        var result = new KeyValuePair<string, object>[Dimensions.Count];
        for (var i = 0; i < Dimensions.Count; i++)
        {
            result[i] = new(Dimensions[i].Name, Dimensions[i].FromUnit(random.NextDouble()));
        }

        return new Point(result);
    }

    /// <summary>A point from one u ∈ [0, 1) per dimension (used by the Latin hypercube design), ignoring the constraint.</summary>
    internal Point FromUnit(ReadOnlySpan<double> perDimension)
    {
        var result = new KeyValuePair<string, object>[Dimensions.Count];
        for (var i = 0; i < Dimensions.Count; i++)
        {
            result[i] = new(Dimensions[i].Name, Dimensions[i].FromUnit(perDimension[i]));
        }

        return new Point(result);
    }

    /// <summary>True when the point has a valid value for every dimension (the constraint is not asked).</summary>
    internal bool Contains(Point point) => TryCanonical(point) is not null;

    /// <summary>True when the constraint (if any) accepts a point already known to be in the bounds.</summary>
    internal bool Allows(Point canonical) => Constraint is null || Constraint(canonical);

    /// <summary>
    /// The canonical form of a point of this space, or the point itself when it does not belong to the space;
    /// used to compare outside points (rebuilt from hub records) with proposals.
    /// </summary>
    internal Point Canonical(Point point) => TryCanonical(point) ?? point;

    private Point? TryCanonical(Point point)
    {
        try
        {
            return CreatePoint(point);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
