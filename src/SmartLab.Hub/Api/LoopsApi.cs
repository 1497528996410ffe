using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Loops;
using SmartLab.Hub.Accounts;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

/// <summary>
/// Closed loops report their progress here so that people can follow them in the web pages: the loop's account writes
/// its own loops; the loop's account, the user it acts for and staff read them.
/// </summary>
public static partial class LoopsApi
{
    const string Collection = "loops";
    const int MaxExperiments = 20_000;
    const int MaxList = 200;
    static readonly string[] States = ["running", "finished", "stopped"];
    static readonly string[] ExperimentStates = ["running", "done", "failed"];
    static readonly string[] Goals = ["minimize", "maximize"];

    public static IEndpointRouteBuilder MapLoopsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/loops").WithTags("Loops");
        api.MapGet("/", List).WithName("ListLoops");
        api.MapGet("/{account}/{name}", Get).WithName("GetLoop");
        api.MapPut("/{name}", Put).WithName("ReportLoop");
        return app;
    }

    static IResult List(string? state, int? limit, LiteDbStore store, ClaimsPrincipal user)
    {
        if (Problems.CheckLimit(limit) is { } bad)
        {
            return bad;
        }

        var me = user.AccountId();
        var all = user.SeesEverything();
        var records = store.Read(db => db.GetCollection<LoopRecord>(Collection).FindAll()
            .Where(r => all || r.Account == me || r.OnBehalfOf == me)
            .OrderByDescending(r => r.UpdatedAt)
            .ToList());
        var views = records.Select(ToView).Where(v => state is null || v.Status.State == state).Take(Math.Min(limit ?? 50, MaxList)).ToList();
        return TypedResults.Ok(new Page<LoopView>(views, null));
    }

    static IResult Get(string account, string name, LiteDbStore store, ClaimsPrincipal user)
    {
        var record = store.Read(db => db.GetCollection<LoopRecord>(Collection).FindById($"{account}/{name}"));
        var me = user.AccountId();
        return record is not null && (user.SeesEverything() || record.Account == me || record.OnBehalfOf == me)
            ? TypedResults.Ok(ToView(record))
            : Problems.NotFound($"loop `{account}/{name}`");
    }

    static async Task<IResult> Put(string name, LoopStatusReport report, LiteDbStore store, TimeProvider time, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (Check(name, report) is { } problem)
        {
            return problem;
        }

        var account = user.AccountId();
        var id = $"{account}/{name}";
        var now = time.GetUtcNow();
        var json = JsonSerializer.Serialize(report, HubJson.Options);
        var record = await store.WriteAsync(db =>
        {
            var loops = db.GetCollection<LoopRecord>(Collection);
            var existing = loops.FindById(id);
            var record = new LoopRecord
            {
                Id = id,
                Name = name,
                Account = account,
                OnBehalfOf = user.FindFirstValue(BearerTokenHandler.OnBehalfOfClaim),
                FirstReportedAt = existing?.FirstReportedAt ?? now,
                UpdatedAt = now,
                Report = json,
            };
            loops.Upsert(record);
            return record;
        }, cancellationToken);
        return TypedResults.Ok(ToView(record));
    }

    static IResult? Check(string name, LoopStatusReport report)
    {
        if (!LoopName().IsMatch(name))
        {
            return Problems.Invalid("name", "invalid_name", $"loop name `{name}` {LoopNames.Rule}");
        }

        if (!States.Contains(report.State))
        {
            return Problems.Invalid("state", "invalid_value", $"state `{report.State}` is not one of {string.Join(", ", States)}");
        }

        if (!Goals.Contains(report.Goal))
        {
            return Problems.Invalid("goal", "invalid_value", $"goal `{report.Goal}` is not one of {string.Join(", ", Goals)}");
        }

        if (report.Budget < 1 || report.InFlight < 1)
        {
            return Problems.Invalid(report.Budget < 1 ? "budget" : "inFlight", "out_of_range", "budget and inFlight must be at least 1");
        }

        if (report.Experiments.Count > MaxExperiments)
        {
            return Problems.Invalid("experiments", "too_many", $"{report.Experiments.Count} experiments; a report holds at most {MaxExperiments}");
        }

        for (var i = 0; i < report.Experiments.Count; i++)
        {
            var experiment = report.Experiments[i];
            if (!ExperimentStates.Contains(experiment.State))
            {
                return Problems.Invalid($"experiments[{i}].state", "invalid_value",
                    $"experiment {experiment.Number}: state `{experiment.State}` is not one of {string.Join(", ", ExperimentStates)}");
            }

            if (experiment.Value is { } value && !double.IsFinite(value))
            {
                return Problems.Invalid($"experiments[{i}].value", "invalid_value", $"experiment {experiment.Number}: value must be a finite number");
            }
        }

        return null;
    }

    static LoopView ToView(LoopRecord record)
    {
        var status = JsonSerializer.Deserialize<LoopStatusReport>(record.Report, HubJson.Options) ?? new LoopStatusReport();
        var done = status.Experiments.Where(e => e.State == "done" && e.Value is not null).ToList();
        var best = status.Goal == "maximize" ? done.MaxBy(e => e.Value) : done.MinBy(e => e.Value);
        return new LoopView
        {
            Id = record.Id,
            Name = record.Name,
            Account = record.Account,
            OnBehalfOf = record.OnBehalfOf,
            FirstReportedAt = record.FirstReportedAt,
            UpdatedAt = record.UpdatedAt,
            Done = status.Experiments.Count(e => e.State != "running"),
            BestValue = best?.Value,
            BestExperiment = best?.Number,
            Status = status,
        };
    }

    [GeneratedRegex(LoopNames.Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex LoopName();
}
