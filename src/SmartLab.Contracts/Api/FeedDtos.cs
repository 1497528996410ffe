namespace SmartLab.Contracts.Api;

/// <summary>
/// One sink's state for one record of the data platform feed: <c>Status</c> is <c>pending</c>, <c>failing</c> or
/// <c>delivered</c>; <c>Attempts</c> counts deliveries tried; a failing record is not tried again before <c>NextAttemptAt</c>.
/// </summary>
public sealed record FeedSinkDeliveryView(string Sink, string Status, int Attempts, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt,
    string? LastError, DateTimeOffset? NextAttemptAt);

/// <summary>
/// A record in the feed outbox: a delivered job or a finalised standalone measurement (<c>Kind</c> <c>job</c> or
/// <c>measurement</c>). <c>Id</c> is the record's id, which sinks also get as idempotency key. <c>Status</c> sums up the
/// configured sinks: <c>delivered</c> when every one has it, <c>failing</c> when any failed last time, else <c>pending</c>.
/// </summary>
public sealed record FeedEntryView(string Id, string Kind, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
    IReadOnlyList<FeedSinkDeliveryView> Sinks);

/// <summary>Counts of records per status for one configured sink, and its most recent error.</summary>
public sealed record FeedSinkSummary(string Name, string Type, long Pending, long Failing, long Delivered, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>Answer of <c>GET /api/v1/feed</c>: a page of entries newest first, counts over the whole outbox, and the sinks.</summary>
public sealed record FeedOverview
{
    public IReadOnlyList<FeedEntryView> Items { get; init; } = [];
    public string? NextCursor { get; init; }
    public long Pending { get; init; }
    public long Failing { get; init; }
    public long Delivered { get; init; }
    public IReadOnlyList<FeedSinkSummary> Sinks { get; init; } = [];

    /// <summary>Set when no sink is configured: records are kept in the outbox and sent once a sink is added.</summary>
    public string? Note { get; init; }
}

/// <summary>Answer of the retry endpoints: the records scheduled for delivery now.</summary>
public sealed record FeedRetryResult(IReadOnlyList<string> Ids);
