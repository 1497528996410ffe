using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Control;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Control;
using SmartLab.Hub.Instruments;
using SmartLab.Hub.Jobs;

namespace SmartLab.Hub.Api;

/// <summary>Remote operation by staff: control leases and commands.</summary>
public static class ControlApi
{
    const string LeaseHeader = "X-Lease-Id";

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/instruments/{id}").WithTags("Remote operation");
        api.MapGet("/lease", Get).WithName("GetLease");
        api.MapPost("/lease", Acquire).WithName("AcquireLease").RequireAuthorization(Policies.Staff);
        api.MapPut("/lease", Renew).WithName("RenewLease").RequireAuthorization(Policies.Staff);
        api.MapDelete("/lease", Release).WithName("ReleaseLease").RequireAuthorization(Policies.Staff);
        api.MapPost("/commands/{name}", Command).WithName("RunCommand").RequireAuthorization(Policies.Staff);
        return app;
    }

    static IResult Get(string id, InstrumentRegistry registry, LeaseService leases) =>
        registry.Find(id) is null ? Problems.NotFound($"instrument `{id}`")
        : leases.Current(id) is { } lease ? TypedResults.Ok(ToView(lease))
        : Problems.Create(404, "Not found", "no_lease", $"instrument `{id}` has no active control lease");

    static async Task<IResult> Acquire(string id, AcquireLeaseRequest? request, InstrumentRegistry registry, LeaseService leases, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (registry.Find(id) is null)
        {
            return Problems.NotFound($"instrument `{id}`");
        }

        if (CheckDuration(request?.DurationSeconds) is { } bad)
        {
            return bad;
        }

        if (request?.Purpose is { Length: > 500 })
        {
            return Problems.Invalid("purpose", "too_long", "`purpose` is limited to 500 characters");
        }

        return Answer(await leases.AcquireAsync(id, Caller.From(user), request?.Purpose, request?.DurationSeconds, cancellationToken), id);
    }

    static async Task<IResult> Renew(string id, RenewLeaseRequest? request, HttpRequest http, InstrumentRegistry registry, LeaseService leases,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (registry.Find(id) is null)
        {
            return Problems.NotFound($"instrument `{id}`");
        }

        return CheckDuration(request?.DurationSeconds)
            ?? Answer(await leases.RenewAsync(id, http.Headers[LeaseHeader].FirstOrDefault(), Caller.From(user), request?.DurationSeconds, cancellationToken), id);
    }

    static async Task<IResult> Release(string id, bool? @break, HttpRequest http, InstrumentRegistry registry, LeaseService leases, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (registry.Find(id) is null)
        {
            return Problems.NotFound($"instrument `{id}`");
        }

        return Answer(await leases.ReleaseAsync(id, http.Headers[LeaseHeader].FirstOrDefault(), Caller.From(user), @break == true, cancellationToken), id);
    }

    static IResult? CheckDuration(int? seconds) => seconds is < 10 or > LeaseService.MaxSeconds
        ? Problems.Invalid("durationSeconds", "out_of_range", $"durationSeconds = {seconds} must be between 10 and {LeaseService.MaxSeconds}")
        : null;

    static IResult Answer(LeaseService.Outcome outcome, string id) => outcome switch
    {
        { Ok: false } => Problems.Create(outcome.Status, outcome.Status switch { 403 => "Forbidden", 404 => "Not found", _ => "Conflict" },
            outcome.Code!, outcome.Message!),
        { Lease: null } => Results.NoContent(),
        { Status: 201 } => TypedResults.Created($"/api/v1/instruments/{id}/lease", ToView(outcome.Lease)),
        _ => TypedResults.Ok(ToView(outcome.Lease)),
    };

    static LeaseView ToView(ControlLease lease) => new(lease.LeaseId, lease.Id, lease.Holder, lease.Purpose, lease.AcquiredAt, lease.ExpiresAt);

    static async Task<IResult> Command(string id, string name, HttpRequest http, CommandService commands, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        JsonElement? parameters = null;
        if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
                parameters = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return Problems.Invalid("parameters", "invalid_json", $"the body must be the command's parameters as a JSON object: {ex.Message}");
            }
        }

        var outcome = await commands.ExecuteAsync(id, name, parameters, Caller.From(user), http.Headers[LeaseHeader].FirstOrDefault(), cancellationToken);
        if (!outcome.Ok)
        {
            return outcome.Status == 404 && outcome.Code == "not_found"
                ? Problems.NotFound($"instrument `{id}`")
                : Problems.Create(outcome.Status, outcome.Status switch
                {
                    400 => "Invalid request",
                    403 => "Forbidden",
                    404 => "Not found",
                    409 => "Interlock",
                    502 => "Instrument refused",
                    504 => "Instrument did not answer",
                    _ => "Instrument unavailable",
                }, outcome.Code!, outcome.Message!, outcome.Field);
        }

        return TypedResults.Ok(new CommandResultView
        {
            CommandId = outcome.CommandId!,
            Instrument = id,
            Name = name,
            Status = "completed",
            Result = outcome.Result,
            LatencyMs = outcome.LatencyMs,
            Attempts = outcome.Attempts,
        });
    }
}
