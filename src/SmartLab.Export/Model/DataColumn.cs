namespace SmartLab.Export.Model;

/// <summary>One one-dimensional data array of a measurement with its units (from the document's descriptors).</summary>
public sealed record DataColumn(string Name, string? Units, double[]? Numbers, string[]? Texts)
{
    public bool IsNumeric => Numbers is not null;
    public int Length => Numbers?.Length ?? Texts?.Length ?? 0;

    /// <summary>The column's header: <c>twoTheta [deg]</c>, or the bare name without units.</summary>
    public string Header => string.IsNullOrEmpty(Units) ? Name : $"{Name} [{Units}]";

    /// <summary>True when the values rise (or fall) strictly from start to end: the shape of a scan axis.</summary>
    public bool IsStrictlyMonotonic()
    {
        if (Numbers is not { Length: >= 2 } values)
        {
            return false;
        }

        var rising = values[1] > values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (rising ? values[i] <= values[i - 1] : values[i] >= values[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
