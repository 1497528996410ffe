namespace SmartLab.Hub.Feed;

/// <summary>
/// A destination of the data platform feed (a drop folder, an HTTP endpoint; a NOMAD Oasis or ARIM RDE uploader).
/// Delivery is at least once: after a crash between a delivery and its record the same package comes again, so
/// <see cref="DeliverAsync"/> must be idempotent per <see cref="FeedPackage.RecordId"/>.
/// </summary>
public interface IFeedSink
{
    /// <summary>Unique name, shown in the admin view and kept per record in the outbox.</summary>
    string Name { get; }

    /// <summary>
    /// Delivers one package; returns once the destination holds it. Throws <see cref="FeedDeliveryException"/> to say
    /// whether to try again soon (transient) or only much later (permanent); any other exception counts as transient.
    /// </summary>
    Task DeliverAsync(FeedPackage package, CancellationToken cancellationToken);
}
