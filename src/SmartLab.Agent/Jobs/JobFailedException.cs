namespace SmartLab.Agent.Jobs;

/// <summary>Ends a job as <c>failed</c> with a machine-readable <see cref="Code"/> and a message a person can act on.</summary>
public sealed class JobFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobFailedException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>Machine-readable error code, for example <c>VACUUM_NOT_READY</c>.</summary>
    public string Code { get; }
}
