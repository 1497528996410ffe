namespace SmartLab.Agent;

/// <summary>What an instrument reports in its state message.</summary>
public enum InstrumentStatus
{
    /// <summary>Ready for work.</summary>
    Idle,

    /// <summary>Running a job or a long action.</summary>
    Busy,

    /// <summary>A fault that needs attention.</summary>
    Error,

    /// <summary>Taken out of service by staff.</summary>
    Maintenance,

    /// <summary>An operator at the instrument has local control; remote actuation is refused.</summary>
    Local,
}
