namespace SmartLab.Agent;

/// <summary>How urgent an instrument event is.</summary>
public enum EventSeverity
{
    /// <summary>A notice, for the log.</summary>
    Info,

    /// <summary>Something a person should look at soon.</summary>
    Warning,

    /// <summary>Something a person must act on now (interlock, emergency stop).</summary>
    Alarm,
}
