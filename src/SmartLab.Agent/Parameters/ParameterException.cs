namespace SmartLab.Agent.Parameters;

/// <summary>
/// A command or method parameter is missing, of the wrong type or out of range. Thrown by <see cref="ParameterSet"/>;
/// the agent answers a command with <c>rejected</c> and fails a job, both with code <see cref="Code"/>.
/// </summary>
public sealed class ParameterException : Exception
{
    /// <summary>Creates the exception for parameter <paramref name="parameterName"/>.</summary>
    public ParameterException(string parameterName, string message)
        : base(message)
    {
        ParameterName = parameterName;
    }

    /// <summary>The error code sent to the hub: <c>INVALID_PARAMETER</c>.</summary>
    public const string Code = "INVALID_PARAMETER";

    /// <summary>The parameter at fault.</summary>
    public string ParameterName { get; }
}
