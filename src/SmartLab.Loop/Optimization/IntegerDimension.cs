using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>A whole-number condition in [<see cref="Min"/>, <see cref="Max"/>] (cycles, layers, passes).</summary>
public sealed class IntegerDimension : Dimension
{
    /// <summary>Creates an integer dimension; both bounds are inclusive and <paramref name="min"/> ≤ <paramref name="max"/>.</summary>
    public IntegerDimension(string name, int min, int max)
        : base(name)
    {
        if (min > max)
        {
            throw new ArgumentException($"Dimension `{name}` needs min ≤ max; got min {min}, max {max}.");
        }

        Min = min;
        Max = max;
    }

    /// <summary>Lower bound, inclusive.</summary>
    public int Min { get; }

    /// <summary>Upper bound, inclusive.</summary>
    public int Max { get; }

    internal override int Width => 1;

    private long Size => (long)Max - Min + 1;

    internal override object Normalize(object value)
    {
        if (!ValueConversion.TryToDouble(value, out var x) || !double.IsFinite(x) || Math.Abs(x - Math.Round(x)) > 1e-9)
        {
            throw new ArgumentException($"Value `{ValueConversion.ToText(value)}` of `{Name}` is not a whole number.");
        }

        if (x < Min || x > Max)
        {
            throw new ArgumentException($"Value {x} of `{Name}` is outside [{Min}, {Max}].");
        }

        return (int)Math.Round(x);
    }

    internal override void Encode(object value, Span<double> destination) =>
        destination[0] = Max == Min ? 0.5 : ((int)value - (double)Min) / ((double)Max - Min);

    internal override object Decode(ReadOnlySpan<double> source) =>
        (int)Math.Round(Min + (Math.Clamp(source[0], 0, 1) * ((double)Max - Min)));

    internal override object FromUnit(double u) => (int)Math.Min(Max, Min + (long)Math.Floor(Math.Clamp(u, 0, 1) * Size));

    internal override IReadOnlyList<object> GridValues(int pointsPerDimension)
    {
        if (Size <= pointsPerDimension)
        {
            return [.. Enumerable.Range(0, (int)Size).Select(i => (object)(Min + i))];
        }

        // Fewer points than integers: spread them evenly; rounding keeps them distinct because Size > points.
        return pointsPerDimension == 1
            ? [Decode([0.5])]
            : [.. Enumerable.Range(0, pointsPerDimension).Select(i => Decode([(double)i / (pointsPerDimension - 1)]))];
    }
}
