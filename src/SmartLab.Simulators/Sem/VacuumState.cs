namespace SmartLab.Simulators.Sem;

/// <summary>Where the specimen chamber is in its vent/pump cycle.</summary>
public enum VacuumState
{
    /// <summary>High vacuum: imaging possible.</summary>
    Pumped,

    /// <summary>Air is let in.</summary>
    Venting,

    /// <summary>At atmosphere: the chamber may be opened.</summary>
    Vented,

    /// <summary>Roughing and turbo pumps running.</summary>
    Pumping,
}
