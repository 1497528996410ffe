namespace SmartLab.Agent.Internal;

/// <summary>One measurement in the outbox and the parts of it the hub has not yet acknowledged. Mutated only under the outbox lock.</summary>
sealed class OutboxEntry(string measurementId, string directory, bool measurementPending, IEnumerable<string> pendingFiles)
{
    long _lastSentTimestamp;

    public string MeasurementId { get; } = measurementId;

    public string Directory { get; } = directory;

    public bool MeasurementPending { get; set; } = measurementPending;

    public HashSet<string> PendingFiles { get; } = new(pendingFiles, StringComparer.Ordinal);

    public bool IsComplete => !MeasurementPending && PendingFiles.Count == 0;

    /// <summary>True once the entry left the outbox (stored or rejected); senders then stop.</summary>
    public bool Removed { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last send, 0 when never sent by this process.</summary>
    public long LastSentTimestamp
    {
        get => Interlocked.Read(ref _lastSentTimestamp);
        set => Interlocked.Exchange(ref _lastSentTimestamp, value);
    }
}
