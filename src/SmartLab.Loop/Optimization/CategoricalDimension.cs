using SmartLab.Loop.Optimization.Internal;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// A condition chosen from a fixed list of labels (atmosphere, precursor, substrate). The optimizers
/// encode it one-hot, so no order between the labels is assumed.
/// </summary>
public sealed class CategoricalDimension : Dimension
{
    /// <summary>Creates a categorical dimension from one or more distinct, non-empty labels (compared ordinally).</summary>
    public CategoricalDimension(string name, IEnumerable<string> values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] labels = [.. values];
        if (labels.Length == 0 || labels.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Dimension `{name}` needs at least one value and no empty values.");
        }

        var repeated = labels.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Dimension `{name}` lists the value `{repeated.Key}` more than once.");
        }

        Values = labels;
    }

    /// <summary>The labels, in the order given.</summary>
    public IReadOnlyList<string> Values { get; }

    internal override int Width => Values.Count;

    internal override bool IsNumeric => false;

    internal override object Normalize(object value)
    {
        var text = ValueConversion.ToText(value);
        foreach (var label in Values)
        {
            if (string.Equals(label, text, StringComparison.Ordinal))
            {
                return label;
            }
        }

        throw new ArgumentException($"Value `{text}` of `{Name}` is not one of {string.Join(", ", Values)}.");
    }

    internal override void Encode(object value, Span<double> destination)
    {
        destination[..Width].Clear();
        for (var i = 0; i < Values.Count; i++)
        {
            if (string.Equals(Values[i], (string)value, StringComparison.Ordinal))
            {
                destination[i] = 1;
                return;
            }
        }

        throw new ArgumentException($"Value `{value}` of `{Name}` is not one of {string.Join(", ", Values)}.");
    }

    internal override object Decode(ReadOnlySpan<double> source)
    {
        var best = 0;
        for (var i = 1; i < Values.Count; i++)
        {
            if (source[i] > source[best])
            {
                best = i;
            }
        }

        return Values[best];
    }

    internal override object FromUnit(double u) => Values[Math.Min(Values.Count - 1, (int)Math.Floor(Math.Clamp(u, 0, 1) * Values.Count))];

    internal override IReadOnlyList<object> GridValues(int pointsPerDimension) => [.. Values];
}
