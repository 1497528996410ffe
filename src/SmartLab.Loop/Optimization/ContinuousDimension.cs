using System.Globalization;
using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// A real-valued condition in [<see cref="Min"/>, <see cref="Max"/>]. With <see cref="Log"/> the optimizers work on
/// its logarithm, which suits quantities that matter by ratio (dwell times, concentrations, rates).
/// </summary>
public sealed class ContinuousDimension : Dimension
{
    /// <summary>Creates a continuous dimension.</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="min">Lower bound, inclusive, in <paramref name="unit"/>.</param>
    /// <param name="max">Upper bound, inclusive, greater than <paramref name="min"/>.</param>
    /// <param name="unit">Optional UCUM unit code, for display only.</param>
    /// <param name="log">Search on a logarithmic scale; needs <paramref name="min"/> &gt; 0.</param>
    public ContinuousDimension(string name, double min, double max, string? unit = null, bool log = false)
        : base(name)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
        {
            throw new ArgumentException($"Dimension `{name}` needs finite bounds with min < max; got min {min}, max {max}.");
        }

        if (log && min <= 0)
        {
            throw new ArgumentException($"Dimension `{name}` is logarithmic, so its min must be above 0; got {min}.");
        }

        Min = min;
        Max = max;
        Unit = unit;
        Log = log;
    }

    /// <summary>Lower bound, inclusive.</summary>
    public double Min { get; }

    /// <summary>Upper bound, inclusive.</summary>
    public double Max { get; }

    /// <summary>UCUM unit code of the bounds and values, or null.</summary>
    public string? Unit { get; }

    /// <summary>Whether the dimension is searched on a logarithmic scale.</summary>
    public bool Log { get; }

    internal override int Width => 1;

    internal override object Normalize(object value)
    {
        if (!ValueConversion.TryToDouble(value, out var x) || !double.IsFinite(x))
        {
            throw new ArgumentException($"Value `{ValueConversion.ToText(value)}` of `{Name}` is not a finite number.");
        }

        // Values that went through text (YAML, JSON) may come back a rounding error outside the bounds.
        var slack = 1e-9 * (Max - Min);
        if (x < Min - slack || x > Max + slack)
        {
            throw new ArgumentException(
                $"Value {x.ToString(CultureInfo.InvariantCulture)} of `{Name}` is outside [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]{UnitSuffix}.");
        }

        return Math.Clamp(x, Min, Max);
    }

    internal override void Encode(object value, Span<double> destination) => destination[0] = ToUnit((double)value);

    internal override object Decode(ReadOnlySpan<double> source) => FromUnitInterval(Math.Clamp(source[0], 0, 1));

    internal override object FromUnit(double u) => FromUnitInterval(u);

    internal override IReadOnlyList<object> GridValues(int pointsPerDimension) =>
        pointsPerDimension == 1
            ? [FromUnitInterval(0.5)]
            : [.. Enumerable.Range(0, pointsPerDimension).Select(i => FromUnitInterval((double)i / (pointsPerDimension - 1)))];

    private string UnitSuffix => Unit is null ? string.Empty : " " + Unit;

    private double ToUnit(double x) =>
        Log ? (Math.Log(x) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : (x - Min) / (Max - Min);

    private object FromUnitInterval(double u)
    {
        if (u <= 0)
        {
            return Min;
        }

        if (u >= 1)
        {
            return Max;
        }

        var x = Log ? Math.Exp(Math.Log(Min) + (u * (Math.Log(Max) - Math.Log(Min)))) : Min + (u * (Max - Min));
        return Math.Clamp(x, Min, Max);
    }
}
