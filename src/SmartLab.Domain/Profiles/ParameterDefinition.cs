using System.Text.Json;

namespace SmartLab.Domain.Profiles;

/// <summary>A typed, constrained parameter of a command or a method.</summary>
public sealed record ParameterDefinition
{
    public required string Name { get; init; }
    public ValueKind Type { get; init; } = ValueKind.Number;

    /// <summary>UCUM unit of the value, if it has one.</summary>
    public string? Unit { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }

    /// <summary>Allowed values (for string parameters).</summary>
    public IReadOnlyList<string>? Enum { get; init; }
    public bool Required { get; init; }
    public JsonElement? Default { get; init; }
    public string? Description { get; init; }
}
