using SmartLab.Agent.Parameters;
using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Jobs;

/// <summary>A started job as the method code sees it, with a way to report progress.</summary>
public sealed class JobContext
{
    readonly Func<double?, string?, string?, CancellationToken, Task> _report;

    internal JobContext(JobRequest request, ParameterSet parameters, int leaseSeconds, DateTimeOffset startedAt,
        Func<double?, string?, string?, CancellationToken, Task> report)
    {
        JobId = request.JobId;
        Attempt = request.Attempt;
        Method = request.Method ?? "";
        Parameters = parameters;
        Sample = request.Sample;
        RequestedBy = request.RequestedBy;
        Operator = request.Operator;
        LeaseSeconds = leaseSeconds;
        StartedAt = startedAt;
        _report = report;
    }

    /// <summary>The hub's job id.</summary>
    public string JobId { get; }

    /// <summary>Attempt number; measurements must carry it, because the hub ignores results of attempts other than the current one.</summary>
    public int Attempt { get; }

    /// <summary>Method name, as declared in the device profile.</summary>
    public string Method { get; }

    /// <summary>Typed access to the method parameters.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The sample being measured, if the job names one.</summary>
    public SampleRef? Sample { get; }

    /// <summary>Who booked the job, for example <c>user:alice</c>.</summary>
    public string? RequestedBy { get; }

    /// <summary>Staff member responsible for the run, if any.</summary>
    public string? Operator { get; }

    /// <summary>Lease in seconds: the agent sends a status at least every third of it while the job runs.</summary>
    public int LeaseSeconds { get; }

    /// <summary>When the agent started the job (UTC).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// Publishes a <c>running</c> status. <paramref name="progress"/> is a fraction from 0 to 1; <paramref name="stage"/>
    /// is a short word such as <c>scanning</c>. Also renews the lease.
    /// </summary>
    public Task ReportProgressAsync(double? progress, string? stage = null, string? message = null, CancellationToken cancellationToken = default) =>
        _report(progress is { } p ? Math.Clamp(p, 0, 1) : null, stage, message, cancellationToken);
}
