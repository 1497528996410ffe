using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Jobs;

/// <summary>What a finished job reports: <c>succeeded</c> with measurement ids, or <c>failed</c> with an error.</summary>
public sealed record JobResult
{
    JobResult(IReadOnlyList<string> measurementIds, ErrorInfo? error)
    {
        MeasurementIds = measurementIds;
        Error = error;
    }

    /// <summary>Ids of the measurements the job produced (published through the outbox).</summary>
    public IReadOnlyList<string> MeasurementIds { get; }

    /// <summary>Why the job failed; null when it succeeded.</summary>
    public ErrorInfo? Error { get; }

    /// <summary>True when the job succeeded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>The job succeeded and produced these measurements.</summary>
    public static JobResult Succeeded(params IReadOnlyList<string> measurementIds) => new(measurementIds, null);

    /// <summary>The job failed.</summary>
    public static JobResult Failed(string code, string message) => new([], new ErrorInfo(code, message));
}
