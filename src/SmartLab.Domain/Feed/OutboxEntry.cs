namespace SmartLab.Domain.Feed;

/// <summary>
/// A final record waiting for (or done with) delivery to the data platform sinks. Written in the same transaction as
/// the change that made the record final, so a record is never final without its entry, nor an entry without its record.
/// Entries stay after delivery, for the admin view.
/// </summary>
public sealed class OutboxEntry
{
    /// <summary>The record's id: a job id (<c>J-000123</c>) or a standalone measurement's id. Sinks use it as idempotency key.</summary>
    public string Id { get; set; } = "";

    /// <summary><see cref="OutboxKinds.Job"/> or <see cref="OutboxKinds.Measurement"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Order of creation, for stable paging.</summary>
    public long Seq { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Summary over the configured sinks: <see cref="OutboxStatus"/>.</summary>
    public string Status { get; set; } = OutboxStatus.Pending;

    /// <summary>When the publisher should next look at this entry; null when every configured sink has it.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Delivery state per sink that has been tried; a configured sink missing here is pending.</summary>
    public List<SinkDelivery> Sinks { get; set; } = [];

    /// <summary>The state for <paramref name="sink"/>, added as pending when it was never tried.</summary>
    public SinkDelivery For(string sink)
    {
        var delivery = Sinks.FirstOrDefault(s => s.Sink == sink);
        if (delivery is null)
        {
            delivery = new SinkDelivery { Sink = sink };
            Sinks.Add(delivery);
        }

        return delivery;
    }

    /// <summary>Whether <paramref name="sink"/> still needs this entry and may be tried at <paramref name="now"/>.</summary>
    public bool IsDueFor(string sink, DateTimeOffset now)
    {
        var delivery = Sinks.FirstOrDefault(s => s.Sink == sink);
        return delivery is null || (delivery.Status != OutboxStatus.Delivered && (delivery.NextAttemptAt ?? CreatedAt) <= now);
    }

    /// <summary>
    /// Recomputes <see cref="Status"/> and <see cref="DueAt"/> over the configured sinks: delivered when every one has it,
    /// failing when any is failing, pending otherwise (also when no sink is configured, so a sink added later gets it).
    /// </summary>
    public void Summarize(IReadOnlyCollection<string> configuredSinks)
    {
        var states = configuredSinks.Select(name => Sinks.FirstOrDefault(s => s.Sink == name)).ToList();
        if (configuredSinks.Count > 0 && states.All(s => s is { Status: OutboxStatus.Delivered }))
        {
            Status = OutboxStatus.Delivered;
            DueAt = null;
            return;
        }

        Status = states.Any(s => s is { Status: OutboxStatus.Failing }) ? OutboxStatus.Failing : OutboxStatus.Pending;
        DueAt = configuredSinks.Count == 0
            ? CreatedAt
            : states.Where(s => s is not { Status: OutboxStatus.Delivered }).Min(s => s?.NextAttemptAt ?? CreatedAt);
    }
}

/// <summary>One sink's view of an outbox entry.</summary>
public sealed class SinkDelivery
{
    /// <summary>The sink's configured name.</summary>
    public string Sink { get; set; } = "";
    public string Status { get; set; } = OutboxStatus.Pending;

    /// <summary>Deliveries tried so far (each may hold several HTTP attempts of one retry pipeline).</summary>
    public int Attempts { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Not before this time; null means as soon as possible.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
}
