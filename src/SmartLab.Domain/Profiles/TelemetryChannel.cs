namespace SmartLab.Domain.Profiles;

/// <summary>One telemetry channel: a name, a UCUM unit, a type and an optional physical range.</summary>
public sealed record TelemetryChannel
{
    public required string Name { get; init; }

    /// <summary>UCUM case-sensitive unit code, for example <c>kV</c>, <c>Cel</c>, <c>Pa</c>; <c>1</c> for dimensionless.</summary>
    public required string Unit { get; init; }
    public ValueKind Type { get; init; } = ValueKind.Number;
    public double? Min { get; init; }
    public double? Max { get; init; }
    public string? Description { get; init; }
}
