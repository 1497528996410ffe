namespace SmartLab.Loop.Runner;

/// <summary>How the objective is reduced from an output that is an array.</summary>
public enum ObjectiveReduce
{
    /// <summary>Arithmetic mean of the values (the default).</summary>
    Mean,

    Min,

    Max,

    /// <summary>The last value, for example the end point of a time series.</summary>
    Last,
}

/// <summary>Where an experiment's value comes from: an output of the measurement of one step's job.</summary>
public sealed record LoopObjective
{
    /// <summary>The step whose measurement holds the output (the last step unless the file says otherwise).</summary>
    public required string Step { get; init; }

    /// <summary>Name of the output in the measurement's <c>data</c>, as declared by the method in the device profile.</summary>
    public required string Output { get; init; }

    /// <summary>How an array output becomes one number; a scalar output is taken as it is.</summary>
    public ObjectiveReduce Reduce { get; init; } = ObjectiveReduce.Mean;
}
