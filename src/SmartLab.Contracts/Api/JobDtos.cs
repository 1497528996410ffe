using System.Text.Json;

namespace SmartLab.Contracts.Api;

/// <summary>
/// Body of <c>POST /api/v1/jobs</c>. Either <see cref="Instrument"/> (one instrument) or <see cref="InstrumentKind"/>
/// (a profile id: any instrument of that kind) names where the job may run. Parameter values are plain numbers, strings
/// or booleans in the profile's units, or <c>{"value": 500, "unit": "Cel"}</c> in any unit convertible to it.
/// </summary>
public sealed record SubmitJobRequest
{
    public string? Instrument { get; init; }
    public string? InstrumentKind { get; init; }
    public string? Method { get; init; }
    public JsonElement? Parameters { get; init; }
    public string? SampleId { get; init; }

    /// <summary>low, normal (default) or high; high is for staff.</summary>
    public string? Priority { get; init; }
    public string? Notes { get; init; }

    /// <summary>
    /// RFC 3339 date-time until which the job's measurements are visible only to their owner and staff (and marked so in
    /// exports); in the future and at most 10 years ahead.
    /// </summary>
    public string? EmbargoUntil { get; init; }
}

/// <summary>Body of <c>POST /api/v1/jobs/batch</c>: every job is validated before any is created.</summary>
public sealed record SubmitBatchRequest(IReadOnlyList<SubmitJobRequest> Jobs);

/// <summary>Answer of <c>POST /api/v1/jobs/batch</c>, in the order submitted.</summary>
public sealed record BatchView(IReadOnlyList<JobView> Jobs);

/// <summary>A job as clients see it.</summary>
public sealed record JobView
{
    public required string Id { get; init; }

    /// <summary>submitted, approved, rejected, awaiting-sample, queued, held, dispatched, running, succeeded, failed, aborted, cancelled, delivered.</summary>
    public required string State { get; init; }
    public string? Instrument { get; init; }
    public string? InstrumentKind { get; init; }

    /// <summary>The instrument a staff member pinned the job to, if any.</summary>
    public string? PinnedInstrument { get; init; }
    public required string Method { get; init; }
    public JsonElement? Parameters { get; init; }
    public string? SampleId { get; init; }
    public string Priority { get; init; } = "normal";
    public string? Notes { get; init; }

    /// <summary>Until when the job's measurements are visible only to their owner and staff; null when not embargoed.</summary>
    public DateTimeOffset? EmbargoUntil { get; init; }

    /// <summary>The account that submitted the job.</summary>
    public required string Requester { get; init; }

    /// <summary>For automation accounts: the user they act for.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The staff member responsible for running it (who approved or dispatched it).</summary>
    public string? Operator { get; init; }
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    public double? Progress { get; init; }
    public string? Stage { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Expected run time from the profile's method, in seconds.</summary>
    public double? EstimatedSeconds { get; init; }
    public IReadOnlyList<string> MeasurementIds { get; init; } = [];
    public JobErrorView? Error { get; init; }

    /// <summary>Every transition, oldest first. Omitted in lists.</summary>
    public IReadOnlyList<JobTransitionView>? History { get; init; }
}

public sealed record JobErrorView(string Code, string Message);

/// <summary>One step of a job's life: who moved it, when, why, and on whose behalf.</summary>
public sealed record JobTransitionView(DateTimeOffset At, string? From, string To, string Actor, string? OnBehalfOf, string? Reason, int Attempt);

/// <summary>Body of <c>POST /api/v1/jobs/{id}/cancel | approve | reject | hold | resume | deliver</c>; the reason is recorded.</summary>
public sealed record JobActionRequest(string? Reason = null);

/// <summary>Body of <c>POST /api/v1/jobs/{id}/assign</c> (staff): pin the job to an instrument, or null to unpin.</summary>
public sealed record AssignJobRequest(string? Instrument, string? Reason = null);

/// <summary>
/// Body of <c>POST /api/v1/jobs/{id}/reorder</c> (staff): change the priority class and/or move the job to the front
/// of its class (<see cref="Front"/>), ahead of fair-share order.
/// </summary>
public sealed record ReorderJobRequest(string? Priority = null, bool Front = false, string? Reason = null);

/// <summary>
/// One event on <c>GET /api/v1/jobs/{id}/events</c> (SSE event name <c>transition</c> or <c>progress</c>), carrying the job after the change.
/// </summary>
public sealed record JobEventView(string Kind, JobView Job);

/// <summary>A webhook for the caller's job notifications (<c>PUT /api/v1/me/webhook</c>).</summary>
public sealed record WebhookRequest(string? Url, string? Secret = null);

public sealed record WebhookView(string? Url, bool HasSecret);

/// <summary>Per-instrument policy for automation accounts (<c>PUT /api/v1/instruments/{id}/automation-policy</c>, staff).</summary>
public sealed record AutomationPolicyView
{
    /// <summary>Approve automation jobs without staff review when they are inside the bounds and the quota.</summary>
    public bool AutoApprove { get; init; }

    /// <summary>Per parameter, the range automation may use without review (in the profile's units).</summary>
    public IReadOnlyDictionary<string, ParameterBounds> Bounds { get; init; } = new Dictionary<string, ParameterBounds>();

    /// <summary>At most this many auto-approved jobs per automation account per day (UTC); null is unlimited.</summary>
    public int? DailyQuota { get; init; }
}

public sealed record ParameterBounds(double? Min, double? Max);
