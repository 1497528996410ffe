namespace SmartLab.Hub.Ingest;

/// <summary>Hub-wide ingest counters for /metrics.</summary>
public sealed class IngestStatistics
{
    long _messages;
    long _rejected;
    long _failed;

    public long Messages => Interlocked.Read(ref _messages);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long Failed => Interlocked.Read(ref _failed);

    public void CountMessage() => Interlocked.Increment(ref _messages);
    public void CountRejected() => Interlocked.Increment(ref _rejected);
    public void CountFailed() => Interlocked.Increment(ref _failed);
}
