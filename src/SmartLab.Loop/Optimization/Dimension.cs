namespace SmartLab.Loop.Optimization;

/// <summary>
/// One adjustable condition of an experiment (a furnace temperature, a number of cycles, a gas).
/// The set of kinds is closed: <see cref="ContinuousDimension"/>, <see cref="IntegerDimension"/>,
/// <see cref="CategoricalDimension"/>.
/// </summary>
public abstract class Dimension
{
    private protected Dimension(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The parameter name, as used in <see cref="Point"/> keys and loop-file placeholders.</summary>
    public string Name { get; }

    /// <summary>How many columns the dimension takes in the unit-cube encoding (1, or the category count).</summary>
    internal abstract int Width { get; }

    /// <summary>True when the encoded columns are ordered numbers (continuous and integer dimensions).</summary>
    internal virtual bool IsNumeric => true;

    /// <summary>Converts an outside value to the canonical type, or throws an error a scientist can act on.</summary>
    internal abstract object Normalize(object value);

    /// <summary>Writes the canonical value into its <see cref="Width"/> columns, each in [0, 1].</summary>
    internal abstract void Encode(object value, Span<double> destination);

    /// <summary>The nearest valid value to arbitrary encoded columns (clamped, rounded, arg-max).</summary>
    internal abstract object Decode(ReadOnlySpan<double> source);

    /// <summary>Maps u ∈ [0, 1) to a value so that a uniform u gives a uniform value (every category and integer equally likely).</summary>
    internal abstract object FromUnit(double u);

    /// <summary>Evenly spread values for a full factorial grid with the given number of points per numeric dimension.</summary>
    internal abstract IReadOnlyList<object> GridValues(int pointsPerDimension);
}
