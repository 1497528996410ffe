namespace SmartLab.Loop.Runner;

/// <summary>Kinds of dimension a loop file's <c>space</c> may declare.</summary>
public enum LoopDimensionType
{
    /// <summary>A real number between <see cref="LoopDimension.Min"/> and <see cref="LoopDimension.Max"/>.</summary>
    Continuous,

    /// <summary>A whole number between <see cref="LoopDimension.Min"/> and <see cref="LoopDimension.Max"/>, both included.</summary>
    Integer,

    /// <summary>One of <see cref="LoopDimension.Values"/>.</summary>
    Categorical,
}

/// <summary>One dimension of the search space, as written in the loop file.</summary>
public sealed record LoopDimension
{
    /// <summary>Name, referenced from step parameters as <c>${name}</c>.</summary>
    public required string Name { get; init; }

    public required LoopDimensionType Type { get; init; }

    /// <summary>Lower bound (continuous and integer).</summary>
    public double Min { get; init; }

    /// <summary>Upper bound (continuous and integer).</summary>
    public double Max { get; init; }

    /// <summary>UCUM unit, for people and plots; the value is sent as a plain number in the profile's unit.</summary>
    public string? Unit { get; init; }

    /// <summary>Search on a logarithmic scale (continuous, positive bounds only).</summary>
    public bool Log { get; init; }

    /// <summary>The allowed values (categorical): strings, numbers or booleans.</summary>
    public IReadOnlyList<object> Values { get; init; } = [];
}
