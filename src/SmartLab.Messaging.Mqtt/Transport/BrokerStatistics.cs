namespace SmartLab.Messaging.Mqtt.Transport;

/// <summary>Counters kept by the broker side, reported on /metrics.</summary>
public sealed class BrokerStatistics
{
    long _refusedConnections;
    long _refusedPublishes;
    long _refusedSubscriptions;
    long _droppedQueuedMessages;

    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);
    public long RefusedPublishes => Interlocked.Read(ref _refusedPublishes);
    public long RefusedSubscriptions => Interlocked.Read(ref _refusedSubscriptions);

    /// <summary>Messages the broker dropped because a subscriber's queue was full (never silent: counted here and logged).</summary>
    public long DroppedQueuedMessages => Interlocked.Read(ref _droppedQueuedMessages);

    internal void ConnectionRefused() => Interlocked.Increment(ref _refusedConnections);
    internal void PublishRefused() => Interlocked.Increment(ref _refusedPublishes);
    internal void SubscriptionRefused() => Interlocked.Increment(ref _refusedSubscriptions);
    internal void QueuedMessageDropped() => Interlocked.Increment(ref _droppedQueuedMessages);
}
