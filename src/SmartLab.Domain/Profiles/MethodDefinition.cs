namespace SmartLab.Domain.Profiles;

/// <summary>A long measurement procedure, run as a job.</summary>
public sealed record MethodDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];

    /// <summary>Typical run time, for scheduling estimates.</summary>
    public TimeSpan EstimatedDuration { get; init; }
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];
}

/// <summary>What a method produces: an array (with dtype, shape and units), a scalar, or a file (with media type).</summary>
public sealed record OutputDescriptor
{
    public required string Name { get; init; }

    /// <summary>array, scalar or file.</summary>
    public required string Kind { get; init; }
    public string? Dtype { get; init; }
    public string? Units { get; init; }
    public string? MediaType { get; init; }
    public string? Description { get; init; }
}

/// <summary>A metadata field every measurement of this profile must carry.</summary>
public sealed record MetadataField
{
    /// <summary>Dotted path into the measurement document, for example <c>instrument.calibration.id</c>.</summary>
    public required string Path { get; init; }
    public string? Description { get; init; }
}
