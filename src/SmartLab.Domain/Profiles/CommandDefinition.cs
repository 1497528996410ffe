namespace SmartLab.Domain.Profiles;

/// <summary>Who may run a command.</summary>
public enum SafetyClass
{
    /// <summary>Any operator may run it at any time, even without a control lease and in local mode (emergency stop, status queries).</summary>
    AlwaysAllowed,

    /// <summary>Facility staff holding the instrument's control lease.</summary>
    StaffOnly,

    /// <summary>Administrators only (service and calibration actions).</summary>
    AdminOnly,
}

/// <summary>A short, synchronous action on an instrument.</summary>
public sealed record CommandDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ParameterDefinition> Parameters { get; init; } = [];
    public SafetyClass Safety { get; init; } = SafetyClass.StaffOnly;

    /// <summary>True when sending the command twice has the same effect as once (safe to retry).</summary>
    public bool Idempotent { get; init; }

    /// <summary>The operator of the job running on the instrument may send it during the job.</summary>
    public bool SafeDuringJob { get; init; }

    /// <summary>How long the hub waits for the agent's reply.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
