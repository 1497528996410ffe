using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Validation;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Jobs;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

/// <summary>Technical-proxy jobs and automated experiments: submit, follow, cancel, and the staff's actions.</summary>
public static class JobsApi
{
    const int MaxWaitSeconds = 300;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/jobs").WithTags("Jobs");
        api.MapPost("/", Submit).WithName("SubmitJob");
        api.MapPost("/batch", SubmitBatch).WithName("SubmitJobBatch");
        api.MapGet("/", List).WithName("ListJobs");
        api.MapGet("/{id}", Get).WithName("GetJob");
        api.MapGet("/{id}/events", Events).WithName("StreamJobEvents").Produces(200, contentType: "text/event-stream");
        api.MapGet("/{id}/result", Result).WithName("AwaitJobResult");
        api.MapPost("/{id}/cancel", Cancel).WithName("CancelJob");

        var staff = api.MapGroup("/").RequireAuthorization(Policies.Staff);
        staff.MapPost("/{id}/approve", (string id, [FromBody] JobActionRequest? body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.ApproveAsync(id, Caller.From(user), body?.Reason, ct))).WithName("ApproveJob");
        staff.MapPost("/{id}/reject", (string id, [FromBody] JobActionRequest? body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.RejectAsync(id, Caller.From(user), body?.Reason, ct))).WithName("RejectJob");
        staff.MapPost("/{id}/hold", (string id, [FromBody] JobActionRequest? body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.HoldAsync(id, Caller.From(user), body?.Reason, ct))).WithName("HoldJob");
        staff.MapPost("/{id}/resume", (string id, [FromBody] JobActionRequest? body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.ResumeAsync(id, Caller.From(user), body?.Reason, ct))).WithName("ResumeJob");
        staff.MapPost("/{id}/deliver", (string id, [FromBody] JobActionRequest? body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.DeliverAsync(id, Caller.From(user), body?.Reason, ct))).WithName("DeliverJob");
        staff.MapPost("/{id}/assign", (string id, AssignJobRequest body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.AssignAsync(id, body.Instrument, Caller.From(user), body.Reason, ct))).WithName("AssignJob");
        staff.MapPost("/{id}/reorder", (string id, ReorderJobRequest body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(jobs.ReorderAsync(id, body, Caller.From(user), ct))).WithName("ReorderJob");
        return app;
    }

    static async Task<IResult> Submit(SubmitJobRequest request, HttpRequest http, JobService jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Problems.IdempotencyKey(http, out var key) is { } bad)
        {
            return bad;
        }

        var outcome = await jobs.SubmitAsync([request], Caller.From(user), key, batch: false, cancellationToken);
        return Created(outcome, single: true);
    }

    static async Task<IResult> SubmitBatch(SubmitBatchRequest request, HttpRequest http, JobService jobs, IOptions<JobsOptions> options,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Problems.IdempotencyKey(http, out var key) is { } bad)
        {
            return bad;
        }

        if (request.Jobs is not { Count: > 0 })
        {
            return Problems.Invalid("jobs", "empty_batch", "`jobs` must hold at least one job");
        }

        if (request.Jobs.Count > options.Value.MaxBatch)
        {
            return Problems.Invalid("jobs", "batch_too_large", $"a batch holds at most {options.Value.MaxBatch} jobs; this one has {request.Jobs.Count}");
        }

        var outcome = await jobs.SubmitAsync(request.Jobs, Caller.From(user), key, batch: true, cancellationToken);
        return Created(outcome, single: false);
    }

    static IResult Created(JobService.SubmitOutcome outcome, bool single)
    {
        if (outcome.KeyConflict)
        {
            return Problems.IdempotencyKeyReused();
        }

        if (outcome.Problems.Count > 0)
        {
            return Invalid(outcome.Problems);
        }

        var views = outcome.Jobs.Select(j => JobViews.ToView(j, withHistory: true)).ToList();
        object body = single ? views[0] : new BatchView(views);
        var location = single ? $"/api/v1/jobs/{views[0].Id}" : "/api/v1/jobs";
        return outcome.Repeated ? TypedResults.Ok(body) : TypedResults.Created(location, body);
    }

    /// <summary>The first problem names the field; all of them travel in <c>errors</c>.</summary>
    static IResult Invalid(IReadOnlyList<ValidationError> problems)
    {
        var first = problems[0];

        // An embargo date that is well formed JSON but not acceptable (unreadable, past, too far) is unprocessable rather than bad.
        var status = problems.All(p => JobValidator.EmbargoCodes.Contains(p.Code)) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
        return Results.Problem(detail: first.Message, statusCode: status, title: "Invalid request",
            type: $"https://smartlab.dev/problems/{first.Code}", extensions: new Dictionary<string, object?>
            {
                ["code"] = first.Code,
                ["field"] = first.Field,
                ["errors"] = problems.Select(p => new { field = p.Field, code = p.Code, message = p.Message }).ToList(),
            });
    }

    static IResult List(string? state, string? instrument, string? requester, int? limit, string? cursor, LiteDbStore store, JobService jobs,
        ClaimsPrincipal user)
    {
        if (Problems.CheckLimit(limit) is { } badLimit)
        {
            return badLimit;
        }

        if (state is not null && !JobStates.All.Contains(state))
        {
            return Problems.Invalid("state", "unknown_state", $"state `{state}` is not one of {string.Join(", ", JobStates.All)}");
        }

        if (cursor is not null && !long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return Problems.Invalid("cursor", "invalid_cursor", "`cursor` must be the `nextCursor` of a previous page");
        }

        var caller = Caller.From(user);
        var (items, next) = store.QueryJobs(new JobQuery
        {
            State = state,
            Instrument = instrument,
            Requester = requester,
            VisibleTo = caller.IsStaff ? null : caller.Id,
            Limit = limit ?? 50,
            Cursor = cursor,
        });
        return TypedResults.Ok(new Page<JobView>(items.Select(j => Live(jobs, j)).ToList(), next));
    }

    static JobView Live(JobService jobs, JobRecord stored) =>
        jobs.Find(stored.Id) is { } live ? JobViews.ToView(live.Job, live.Progress, live.Stage) : JobViews.ToView(stored);

    static IResult Get(string id, JobService jobs, ClaimsPrincipal user) =>
        Visible(jobs, id, user) is { } found
            ? TypedResults.Ok(JobViews.ToView(found.Job, found.Progress, found.Stage, withHistory: true))
            : Problems.NotFound($"job `{id}`");

    static (JobRecord Job, double? Progress, string? Stage)? Visible(JobService jobs, string id, ClaimsPrincipal user) =>
        jobs.Find(id) is { } found && JobService.CanSee(Caller.From(user), found.Job) ? found : null;

    /// <summary>SSE: the job now, then every change; ends once the job is final.</summary>
    static async Task Events(string id, HttpContext context, JobService jobs, JobEvents events, ClaimsPrincipal user)
    {
        if (Visible(jobs, id, user) is null)
        {
            await Problems.NotFound($"job `{id}`").ExecuteAsync(context);
            return;
        }

        var cancellationToken = context.RequestAborted;
        using var watch = events.Subscribe(id);
        var current = jobs.Find(id)!.Value; // subscribed first, so nothing between this read and the stream is missed
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await WriteEventAsync(context, new JobEventView("snapshot", JobViews.ToView(current.Job, current.Progress, current.Stage, withHistory: true)), cancellationToken);
            if (JobStates.IsFinal(current.Job.State))
            {
                return;
            }

            await foreach (var change in watch.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteEventAsync(context, new JobEventView(change.Kind, JobViews.ToView(change.Job, change.Progress, change.Stage,
                    withHistory: change.Kind == "transition")), cancellationToken);
                if (JobStates.IsFinal(change.Job.State))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    static async Task WriteEventAsync(HttpContext context, JobEventView view, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(view, HubJson.Options);
        await context.Response.WriteAsync($"event: {view.Kind}\ndata: {json}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Long-poll: answers as soon as the job is finished, or with 202 and the job as it is after <c>waitSeconds</c>.</summary>
    static async Task<IResult> Result(string id, int? waitSeconds, JobService jobs, JobEvents events, TimeProvider time, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            return Problems.Invalid("waitSeconds", "out_of_range", $"waitSeconds = {waitSeconds} must be between 0 and {MaxWaitSeconds}");
        }

        if (Visible(jobs, id, user) is null)
        {
            return Problems.NotFound($"job `{id}`");
        }

        using var watch = events.Subscribe(id);
        var current = jobs.Find(id)!.Value;
        if (!JobStates.IsFinished(current.Job.State) && waitSeconds is > 0)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(waitSeconds.Value), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await foreach (var change in watch.Reader.ReadAllAsync(linked.Token))
                {
                    if (JobStates.IsFinished(change.Job.State))
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // Still running: answer with the job as it is.
            }

            current = jobs.Find(id)!.Value;
        }

        var view = JobViews.ToView(current.Job, current.Progress, current.Stage, withHistory: true);
        return JobStates.IsFinished(current.Job.State) ? TypedResults.Ok(view) : TypedResults.Json(view, HubJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    static Task<IResult> Cancel(string id, [FromBody] JobActionRequest? body, JobService jobs, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(jobs.CancelAsync(id, Caller.From(user), body?.Reason, ct));

    static async Task<IResult> Answer(Task<(JobRecord? Job, JobService.Refusal? Refusal)> action)
    {
        var (job, refusal) = await action;
        if (refusal is not null)
        {
            return Problems.Create(refusal.Status, refusal.Status switch { 404 => "Not found", 409 => "Conflict", _ => "Invalid request" },
                refusal.Code, refusal.Message);
        }

        return TypedResults.Ok(JobViews.ToView(job!, withHistory: true));
    }
}
