using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SmartLab.Loop.Optimization;

/// <summary>
/// The conditions of one experiment: a value for each dimension of a <see cref="SearchSpace"/>, keyed by
/// dimension name (ordinal, case-sensitive). Values are <see cref="double"/> (continuous dimensions),
/// <see cref="int"/> (integer dimensions) or <see cref="string"/> (categorical dimensions).
/// Two points are equal when they hold the same names with equal values, whatever the order of the names;
/// an <see cref="int"/> 5 and a <see cref="double"/> 5.0 differ, so build points for a space with
/// <see cref="SearchSpace.CreatePoint"/> when the values come from outside (JSON, YAML).
/// </summary>
public sealed record Point : IReadOnlyDictionary<string, object>
{
    private readonly KeyValuePair<string, object>[] entries;
    private readonly Dictionary<string, object> lookup;

    /// <summary>Creates a point from name/value pairs; the order of the pairs is kept for display.</summary>
    /// <exception cref="ArgumentException">A name repeats, or a value is not a finite double, an int or a string.</exception>
    public Point(IEnumerable<KeyValuePair<string, object>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        entries = [.. values];
        lookup = new Dictionary<string, object>(entries.Length, StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            if (!lookup.TryAdd(name, value))
            {
                throw new ArgumentException($"Dimension `{name}` appears twice in the point.", nameof(values));
            }

            if (value is not (int or string) && !(value is double d && double.IsFinite(d)))
            {
                throw new ArgumentException(
                    $"Value `{value}` of `{name}` must be a finite double, an int or a string, not {value?.GetType().Name ?? "null"}.",
                    nameof(values));
            }
        }
    }

    /// <inheritdoc />
    public object this[string key] => lookup[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<object> Values => entries.Select(e => e.Value);

    /// <inheritdoc />
    public int Count => entries.Length;

    /// <summary>The value of a numeric dimension as a double (continuous and integer dimensions).</summary>
    /// <exception cref="InvalidCastException">The dimension is categorical.</exception>
    public double GetDouble(string name) => lookup[name] switch
    {
        double d => d,
        int i => i,
        var other => throw new InvalidCastException($"Dimension `{name}` holds the text `{other}`, not a number."),
    };

    /// <inheritdoc />
    public bool ContainsKey(string key) => lookup.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => lookup.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Point? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.entries.Length != entries.Length)
        {
            return false;
        }

        foreach (var (name, value) in entries)
        {
            if (!other.lookup.TryGetValue(name, out var otherValue) || !value.Equals(otherValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-independent so that equal points built in different name orders hash alike.
        var hash = 0;
        foreach (var (name, value) in entries)
        {
            hash += HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), value);
        }

        return hash;
    }

    /// <summary>For logs and reports: <c>temperature=512.5, dwell=42, atmosphere=N2</c>.</summary>
    public override string ToString() =>
        string.Join(", ", entries.Select(e => e.Key + "=" + Convert.ToString(e.Value, CultureInfo.InvariantCulture)));
}
