using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartLab.Contracts.Api;
using SmartLab.Contracts.Protocol;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Instruments;
using SmartLab.Domain.Profiles;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Ingest;
using SmartLab.Hub.Instruments;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

public static class InstrumentsApi
{
    public static IEndpointRouteBuilder MapInstrumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/instruments").WithTags("Instruments");
        api.MapGet("/", List).WithName("ListInstruments");
        api.MapGet("/{id}", Get).WithName("GetInstrument");
        api.MapPost("/", Register).WithName("RegisterInstrument").RequireAuthorization(Policies.Admin);
        api.MapPost("/{id}/credentials", Rotate).WithName("RotateInstrumentCredentials").RequireAuthorization(Policies.Admin);
        api.MapGet("/{id}/telemetry", Live).WithName("StreamTelemetry").Produces(200, contentType: "text/event-stream");
        api.MapGet("/{id}/telemetry/history", History).WithName("GetTelemetryHistory");
        return app;
    }

    static IResult List(int? limit, string? cursor, InstrumentRegistry registry, Jobs.JobService jobs, Control.LeaseService leases, Control.CommandService commands)
    {
        if (Problems.CheckLimit(limit) is { } badLimit)
        {
            return badLimit;
        }

        // Ordered by id; the cursor is the last id of the previous page.
        var page = registry.All.Where(i => cursor is null || string.CompareOrdinal(i.Record.Id, cursor) > 0).Take((limit ?? 100) + 1).ToList();
        var items = page.Take(limit ?? 100).Select(i => ToView(i, jobs, leases, commands)).ToList();
        return TypedResults.Ok(new Page<InstrumentView>(items, page.Count > items.Count ? items[^1].Id : null));
    }

    static IResult Get(string id, InstrumentRegistry registry, Jobs.JobService jobs, Control.LeaseService leases, Control.CommandService commands) =>
        registry.Find(id) is { } instrument ? TypedResults.Ok(ToView(instrument, jobs, leases, commands)) : Problems.NotFound($"instrument `{id}`");

    static async Task<IResult> Register(RegisterInstrumentRequest request, InstrumentRegistry registry, IProfileCatalog profiles,
        LiteDbStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!ProtocolConstants.IsValidInstrumentId(request.Id))
        {
            return Problems.Invalid("id", "invalid_id",
                $"instrument id `{request.Id}` must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit");
        }

        if (string.IsNullOrWhiteSpace(request.Profile) || profiles.Find(request.Profile, request.ProfileVersion) is null)
        {
            var loaded = string.Join(", ", profiles.All.Select(p => p.Key));
            return Problems.Invalid(request.ProfileVersion is null ? "profile" : "profileVersion", "unknown_profile",
                $"profile `{request.Profile}{(request.ProfileVersion is null ? "" : "@" + request.ProfileVersion)}` is not loaded (loaded: {loaded})");
        }

        var now = time.GetUtcNow();
        var secret = await registry.RegisterAsync(new InstrumentRecord
        {
            Id = request.Id,
            ProfileId = request.Profile,
            ProfileVersion = request.ProfileVersion,
            DisplayName = request.DisplayName,
            Location = request.Location,
            RegisteredAt = now,
            RegisteredBy = user.AccountId(),
        }, cancellationToken);
        if (secret is null)
        {
            return Problems.Conflict("instrument_exists", $"instrument `{request.Id}` is already registered; rotate its credentials instead", "id");
        }

        await store.AppendAuditAsync(new AuditEntry
        {
            Ts = now, Actor = user.AccountId(), Action = "instrument.register", InstrumentId = request.Id, Target = request.Profile,
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/instruments/{request.Id}",
            new RegisteredInstrument(request.Id, request.Profile, request.ProfileVersion, new MqttCredentials(request.Id, secret, request.Id)));
    }

    static async Task<IResult> Rotate(string id, InstrumentRegistry registry, LiteDbStore store, TimeProvider time, ClaimsPrincipal user,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = await registry.RotateSecretAsync(id, now, cancellationToken);
        if (secret is null)
        {
            return Problems.NotFound($"instrument `{id}`");
        }

        // A rotated secret is usually a compromised one: end the connection that logged in with the old secret.
        if (services.GetService(typeof(Messaging.Mqtt.Transport.EmbeddedBroker)) is Messaging.Mqtt.Transport.EmbeddedBroker { IsReady: true } broker)
        {
            await broker.DisconnectClientAsync(id);
        }

        await store.AppendAuditAsync(new AuditEntry { Ts = now, Actor = user.AccountId(), Action = "instrument.rotate-credentials", InstrumentId = id },
            cancellationToken);
        var record = registry.Find(id)!.Record;
        return TypedResults.Ok(new RegisteredInstrument(id, record.ProfileId, record.ProfileVersion, new MqttCredentials(id, secret, id)));
    }

    static async Task Live(string id, HttpContext context, InstrumentRegistry registry, TelemetryFeed feed)
    {
        if (registry.Find(id) is null)
        {
            await Problems.NotFound($"instrument `{id}`").ExecuteAsync(context);
            return;
        }

        var cancellationToken = context.RequestAborted;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var reader = feed.Subscribe(id, cancellationToken);
        await context.Response.WriteAsync(": connected\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            await foreach (var reading in reader.ReadAllAsync(cancellationToken))
            {
                var json = JsonSerializer.Serialize(new LastTelemetry(reading.Ts, reading.Values), HubJson.Options);
                await context.Response.WriteAsync($"event: telemetry\ndata: {json}\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    static IResult History(string id, DateTimeOffset? from, DateTimeOffset? to, string? channel, InstrumentRegistry registry,
        LiteDbStore store, TimeProvider time)
    {
        if (registry.Find(id) is null)
        {
            return Problems.NotFound($"instrument `{id}`");
        }

        var end = to ?? time.GetUtcNow().AddSeconds(1);
        var start = from ?? end.AddHours(-1);
        if (start >= end)
        {
            return Problems.Invalid("from", "invalid_range", "`from` must be before `to`");
        }

        var points = store.QueryTelemetry(id, start, end, channel);
        return TypedResults.Ok(points.Select(p => new TelemetryBucketView(p.Channel, p.Ts, p.Mean, p.Min, p.Max, p.Count, p.Last)).ToList());
    }

    internal static InstrumentView ToView(InstrumentRuntime instrument, Jobs.JobService jobs, Control.LeaseService leases, Control.CommandService commands)
    {
        var r = instrument.Record;
        return new InstrumentView
        {
            Id = r.Id,
            DisplayName = r.DisplayName,
            Location = r.Location,
            Profile = r.ProfileId,
            ProfileVersion = r.ReportedProfileVersion ?? r.ProfileVersion,
            Online = r.Online,
            Status = r.UnusableReason is not null ? "unusable" : r.Online ? r.Status : "offline",
            UnusableReason = r.UnusableReason,
            Session = r.Session,
            Agent = r.AgentName is null ? null : $"{r.AgentName} {r.AgentVersion}",
            LastSeenAt = r.LastSeenAt,
            CurrentJob = jobs.JobOn(r.Id),
            LeaseHolder = leases.Current(r.Id)?.Holder,
            LeaseExpiresAt = leases.Current(r.Id)?.ExpiresAt,
            Degraded = commands.DegradedReason(r.Id),
            LastTelemetry = instrument.LastTelemetryAt is { } ts ? new LastTelemetry(ts, instrument.LastValues) : null,
            Counters = new InstrumentCounters(instrument.TelemetryAccepted, instrument.TelemetryRejected, instrument.SeqGaps,
                instrument.MeasurementsStored, instrument.MeasurementsRejected, instrument.StaleWillsIgnored),
        };
    }
}
