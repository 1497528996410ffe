using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Contracts.Api;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Jobs;
using SmartLab.Domain.Profiles;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Instruments;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

/// <summary>Per-instrument policy for automation accounts: what they may run without staff review.</summary>
public static class AutomationPolicyApi
{
    public static IEndpointRouteBuilder MapAutomationPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/instruments/{id}/automation-policy").WithTags("Instruments");
        api.MapGet("/", Get).WithName("GetAutomationPolicy");
        api.MapPut("/", Put).WithName("SetAutomationPolicy").RequireAuthorization(Policies.Staff);
        return app;
    }

    static IResult Get(string id, InstrumentRegistry registry, LiteDbStore store) =>
        registry.Find(id) is null ? Problems.NotFound($"instrument `{id}`") : TypedResults.Ok(ToView(store.GetAutomationPolicy(id)));

    static async Task<IResult> Put(string id, AutomationPolicyView request, InstrumentRegistry registry, IProfileCatalog profiles, LiteDbStore store,
        TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (registry.Find(id) is not { } instrument)
        {
            return Problems.NotFound($"instrument `{id}`");
        }

        var profile = instrument.Profile ?? profiles.Find(instrument.Record.ProfileId, instrument.Record.ProfileVersion);
        var declared = profile?.Methods.SelectMany(m => m.Parameters).Where(p => p.Type is ValueKind.Number or ValueKind.Integer)
            .Select(p => p.Name).ToHashSet() ?? [];
        foreach (var (name, bound) in request.Bounds)
        {
            if (profile is not null && !declared.Contains(name))
            {
                return Problems.Invalid($"bounds.{name}", "unknown_parameter",
                    $"no method of profile `{profile.Key}` has a numeric parameter `{name}` (numeric: {string.Join(", ", declared.Order())})");
            }

            if (bound.Min > bound.Max)
            {
                return Problems.Invalid($"bounds.{name}", "invalid_range", $"bounds of `{name}`: min {bound.Min} is above max {bound.Max}");
            }
        }

        if (request.DailyQuota is < 0)
        {
            return Problems.Invalid("dailyQuota", "out_of_range", "dailyQuota must be 0 or more (or null for no limit)");
        }

        var policy = new AutomationPolicy
        {
            Id = id,
            AutoApprove = request.AutoApprove,
            Bounds = request.Bounds.ToDictionary(b => b.Key, b => new AutomationPolicy.Bound { Min = b.Value.Min, Max = b.Value.Max }),
            DailyQuota = request.DailyQuota,
            UpdatedBy = user.AccountId(),
            UpdatedAt = time.GetUtcNow(),
        };
        await store.WriteAsync(db =>
        {
            db.GetCollection<AutomationPolicy>("automation_policies").Upsert(policy);
            db.GetCollection<AuditEntry>("audit").Insert(new AuditEntry
            {
                Ts = policy.UpdatedAt,
                Actor = $"{user.Role()}:{user.AccountId()}",
                Action = "instrument.automation-policy",
                InstrumentId = id,
                Target = id,
                Details = $"autoApprove={policy.AutoApprove}, quota={policy.DailyQuota?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, bounds={string.Join("; ", policy.Bounds.Select(b => $"{b.Key} [{b.Value.Min}, {b.Value.Max}]"))}",
            });
            return true;
        }, cancellationToken);
        return TypedResults.Ok(ToView(policy));
    }

    static AutomationPolicyView ToView(AutomationPolicy? policy) => policy is null
        ? new AutomationPolicyView()
        : new AutomationPolicyView
        {
            AutoApprove = policy.AutoApprove,
            Bounds = policy.Bounds.ToDictionary(b => b.Key, b => new ParameterBounds(b.Value.Min, b.Value.Max)),
            DailyQuota = policy.DailyQuota,
        };
}
