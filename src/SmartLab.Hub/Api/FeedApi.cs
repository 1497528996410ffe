using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Domain.Feed;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Feed;
using SmartLab.Hub.Jobs;

namespace SmartLab.Hub.Api;

/// <summary>The data platform feed's outbox for staff: what is pending, failing (with the last error) and delivered; retries.</summary>
public static class FeedApi
{
    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/feed").WithTags("Feed").RequireAuthorization(Policies.Staff);
        api.MapGet("/", List).WithName("ListFeed");
        api.MapGet("/{id}", Get).WithName("GetFeedEntry");
        api.MapPost("/{id}/retry", Retry).WithName("RetryFeedEntry");
        api.MapPost("/retry", RetryAll).WithName("RetryFeedEntries");
        return app;
    }

    static IResult List(string? status, int? limit, string? cursor, FeedAdmin feed)
    {
        if (status is not null && !OutboxStatus.All.Contains(status))
        {
            return Problems.Invalid("status", "invalid_status", $"status = `{status}` must be one of {string.Join(", ", OutboxStatus.All)}");
        }

        return Problems.CheckLimit(limit) ?? TypedResults.Ok(feed.Overview(status, limit ?? 50, cursor));
    }

    static IResult Get(string id, FeedAdmin feed) =>
        feed.Find(id) is { } entry ? TypedResults.Ok(entry) : Problems.NotFound($"feed record `{id}`");

    static async Task<IResult> Retry(string id, FeedAdmin feed, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await feed.RetryAsync(id, Caller.From(user), cancellationToken) switch
        {
            null => Problems.NotFound($"feed record `{id}`"),
            [] => Problems.Conflict("already_delivered", $"feed record `{id}` is delivered to every configured sink; there is nothing to retry"),
            var ids => TypedResults.Ok(new Contracts.Api.FeedRetryResult(ids)),
        };

    static async Task<IResult> RetryAll(string? status, FeedAdmin feed, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (status != OutboxStatus.Failing)
        {
            return Problems.Invalid("status", "invalid_status", $"status = `{status}`: only `status=failing` records can be retried together");
        }

        return TypedResults.Ok(new Contracts.Api.FeedRetryResult(await feed.RetryFailingAsync(Caller.From(user), cancellationToken)));
    }
}
