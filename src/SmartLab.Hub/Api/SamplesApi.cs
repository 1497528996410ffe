using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Samples;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Hosting;
using SmartLab.Hub.Jobs;
using SmartLab.Hub.Samples;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

/// <summary>The sample registry: permanent ids, printable QR labels, and receipt of the physical sample by staff.</summary>
public static class SamplesApi
{
    const int MaxText = 2000;
    const int MaxList = 50;

    public static IEndpointRouteBuilder MapSamplesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/samples").WithTags("Samples");
        api.MapPost("/", Create).WithName("CreateSample");
        api.MapGet("/", List).WithName("ListSamples");
        api.MapGet("/{id}", Get).WithName("GetSample");
        api.MapGet("/{id}/label", Label).WithName("GetSampleLabel").Produces(200, contentType: "image/png");
        api.MapPost("/{id}/receive", Receive).WithName("ReceiveSample").RequireAuthorization(Policies.Staff);
        return app;
    }

    static async Task<IResult> Create(CreateSampleRequest request, HttpRequest http, LiteDbStore store, AccountService accounts, TimeProvider time,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Problems.IdempotencyKey(http, out var key) is { } badKey)
        {
            return badKey;
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return Problems.Invalid("name", "required", "`name` is required: what is written on the container");
        }

        foreach (var (field, value) in new[] { ("name", request.Name), ("description", request.Description), ("composition", request.Composition) })
        {
            if (value is { Length: > MaxText })
            {
                return Problems.Invalid(field, "too_long", $"`{field}` has {value.Length} characters; the limit is {MaxText}");
            }
        }

        if (request.Hazards is { Count: > MaxList } || request.Hazards?.Any(h => string.IsNullOrWhiteSpace(h) || h.Length > 200) == true)
        {
            return Problems.Invalid("hazards", "invalid_hazards", $"`hazards` holds at most {MaxList} non-empty entries of up to 200 characters");
        }

        if (request.SharedWith is { Count: > MaxList })
        {
            return Problems.Invalid("sharedWith", "too_many", $"a sample is shared with at most {MaxList} accounts");
        }

        foreach (var account in request.SharedWith ?? [])
        {
            if (accounts.Find(account) is null)
            {
                return Problems.Invalid("sharedWith", "unknown_account", $"account `{account}` does not exist");
            }
        }

        var caller = Caller.From(user);
        var sample = new SampleRecord
        {
            Name = request.Name.Trim(),
            Description = request.Description,
            Composition = request.Composition,
            Hazards = [.. request.Hazards ?? []],
            Owner = caller.Owner,
            SharedWith = [.. (request.SharedWith ?? []).Distinct()],
            CreatedAt = time.GetUtcNow(),
        };

        // Staff and experiment loops make their samples in the facility: nothing has to be shipped and received.
        if (caller.IsStaff || caller.Role == Domain.Accounts.Roles.Automation)
        {
            sample.ReceivedAt = sample.CreatedAt;
            sample.ReceivedBy = caller.Id;
        }
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
        var outcome = await store.CreateSampleAsync(sample, key is null ? null : IdempotencyRecord.Key(caller.Id, "samples", key), fingerprint,
            cancellationToken);
        if (outcome.KeyConflict)
        {
            return Problems.IdempotencyKeyReused();
        }

        if (outcome.Repeated)
        {
            return TypedResults.Ok(JobViews.ToView(store.GetSample(outcome.Ids[0])!));
        }

        return TypedResults.Created($"/api/v1/samples/{sample.Id}", JobViews.ToView(sample));
    }

    static IResult List(int? limit, string? cursor, LiteDbStore store, ClaimsPrincipal user)
    {
        if (Problems.CheckLimit(limit) is { } badLimit)
        {
            return badLimit;
        }

        var caller = Caller.From(user);
        var (items, next) = store.QuerySamples(caller.IsStaff ? null : caller.Owner, limit ?? 50, cursor);
        return TypedResults.Ok(new Page<SampleView>(items.Select(JobViews.ToView).ToList(), next));
    }

    static SampleRecord? Visible(LiteDbStore store, string id, ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        return store.GetSample(id) is { } sample && (caller.IsStaff || sample.IsUsableBy(caller.Id) || sample.IsUsableBy(caller.Owner)) ? sample : null;
    }

    static IResult Get(string id, LiteDbStore store, JobService jobs, TimeProvider time, ClaimsPrincipal user)
    {
        if (Visible(store, id, user) is not { } sample)
        {
            return Problems.NotFound($"sample `{id}`");
        }

        var caller = Caller.From(user);
        var (sampleJobs, _) = store.QueryJobs(new JobQuery { SampleId = id, VisibleTo = caller.IsStaff ? null : caller.Id, Limit = 1000 });
        var measurements = store.MeasurementIdsOfSample(id)
            .Where(m => caller.IsStaff || store.GetMeasurement(m) is { } measurement && MeasurementAccess.CanSee(measurement, user, time.GetUtcNow()))
            .ToList();
        return TypedResults.Ok(JobViews.ToView(sample) with
        {
            Jobs = sampleJobs.Select(j => jobs.Find(j.Id) is { } live ? JobViews.ToView(live.Job, live.Progress, live.Stage) : JobViews.ToView(j)).ToList(),
            MeasurementIds = measurements,
        });
    }

    static IResult Label(string id, LiteDbStore store, IOptions<HubOptions> hub, ClaimsPrincipal user)
    {
        if (Visible(store, id, user) is not { } sample)
        {
            return Problems.NotFound($"sample `{id}`");
        }

        var png = SampleLabel.RenderPng(new SampleLabelContent(sample.Id, sample.Name, sample.Owner, sample.Composition, sample.Hazards,
            sample.CreatedAt, hub.Value.FacilityName));
        return Results.File(png, "image/png", $"{sample.Id}.png");
    }

    static async Task<IResult> Receive(string id, JobService jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // A scanner may send the id with stray whitespace or in lower case.
        var sampleId = id.Trim().ToUpperInvariant();
        if (await jobs.ReceiveSampleAsync(sampleId, Caller.From(user), cancellationToken) is not { } receipt)
        {
            return Problems.NotFound($"sample `{sampleId}`");
        }

        return TypedResults.Ok(new SampleReceipt(JobViews.ToView(receipt.Sample), receipt.Queued));
    }
}
