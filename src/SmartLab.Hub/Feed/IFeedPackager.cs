using SmartLab.Domain.Feed;

namespace SmartLab.Hub.Feed;

/// <summary>Turns an outbox entry into the package the sinks deliver (the record document and its files).</summary>
public interface IFeedPackager
{
    /// <summary>
    /// Builds the package of <paramref name="entry"/>. Throws <see cref="FeedRecordNotReadyException"/> while data the
    /// record lists is still arriving (the publisher tries again shortly).
    /// </summary>
    Task<FeedPackage> BuildAsync(OutboxEntry entry, CancellationToken cancellationToken);
}
