using SmartLab.Contracts.Api;

// Part of the hub client (its private request helpers), kept beside the feed commands that use it.
namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    /// <summary>Staff: the feed outbox, newest first, with counts per status and per sink.</summary>
    public Task<FeedOverview> GetFeedAsync(string? status, int? limit, string? cursor, CancellationToken cancellationToken) =>
        GetAsync<FeedOverview>(Api("feed" + QueryString.Build(("status", status), ("limit", limit), ("cursor", cursor))), cancellationToken);

    /// <summary>Staff: send one record again to every sink that does not have it. Safe to repeat.</summary>
    public Task<FeedRetryResult> RetryFeedRecordAsync(string id, CancellationToken cancellationToken) =>
        PostAsync<FeedRetryResult>(Api($"feed/{Segment(id)}/retry"), body: null, idempotencyKey: null, cancellationToken);

    /// <summary>Staff: send every failing record again now.</summary>
    public Task<FeedRetryResult> RetryFailingFeedRecordsAsync(CancellationToken cancellationToken) =>
        PostAsync<FeedRetryResult>(Api("feed/retry?status=failing"), body: null, idempotencyKey: null, cancellationToken);
}
