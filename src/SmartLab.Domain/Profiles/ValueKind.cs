namespace SmartLab.Domain.Profiles;

/// <summary>Type of a telemetry value or a parameter.</summary>
public enum ValueKind
{
    Number,
    Integer,
    Boolean,
    String,
}
