namespace SmartLab.Domain.Feed;

/// <summary>Delivery states of an outbox entry, per sink and summarised over all sinks.</summary>
public static class OutboxStatus
{
    /// <summary>Not delivered yet and nothing has gone wrong (or an admin asked for a retry).</summary>
    public const string Pending = "pending";

    /// <summary>The last delivery failed; the next attempt is scheduled.</summary>
    public const string Failing = "failing";

    /// <summary>The sink acknowledged the record.</summary>
    public const string Delivered = "delivered";

    public static readonly IReadOnlyList<string> All = [Pending, Failing, Delivered];
}

/// <summary>What an outbox entry's id names.</summary>
public static class OutboxKinds
{
    /// <summary>A delivered job: its record, its measurements and their files.</summary>
    public const string Job = "job";

    /// <summary>A measurement made outside any job, once its document and every file it lists are stored.</summary>
    public const string Measurement = "measurement";
}
