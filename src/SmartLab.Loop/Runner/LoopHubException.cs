namespace SmartLab.Loop.Runner;

/// <summary>
/// The hub refused a request (its problem document: status, code, field, detail), or could not be reached for as long
/// as <see cref="LoopHubClientOptions.RetryFor"/> allowed (<see cref="Unreachable"/>).
/// </summary>
public sealed class LoopHubException : Exception
{
    public LoopHubException()
    {
    }

    public LoopHubException(string message)
        : base(message)
    {
    }

    public LoopHubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refusal or an unreachable hub.</summary>
    public LoopHubException(string message, int? statusCode, string? code, string? field, bool unreachable, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Code = code;
        Field = field;
        Unreachable = unreachable;
    }

    /// <summary>HTTP status of the refusal; null when there was no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The problem's stable code, for example <c>out_of_range</c> or <c>not_found</c>.</summary>
    public string? Code { get; }

    /// <summary>The request field the problem is about, for example <c>parameters.temperature</c>.</summary>
    public string? Field { get; }

    /// <summary>No answer (network error, timeout, 502/503/504) even after retrying: safe to run the loop again later.</summary>
    public bool Unreachable { get; }
}
