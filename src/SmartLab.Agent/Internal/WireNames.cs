namespace SmartLab.Agent.Internal;

/// <summary>The lower-case strings protocol v1 uses for the SDK's enums.</summary>
static class WireNames
{
    public static string ToWire(this InstrumentStatus status) => status switch
    {
        InstrumentStatus.Idle => "idle",
        InstrumentStatus.Busy => "busy",
        InstrumentStatus.Error => "error",
        InstrumentStatus.Maintenance => "maintenance",
        InstrumentStatus.Local => "local",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown instrument status"),
    };

    public static string ToWire(this EventSeverity severity) => severity switch
    {
        EventSeverity.Info => "info",
        EventSeverity.Warning => "warning",
        EventSeverity.Alarm => "alarm",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown event severity"),
    };
}
