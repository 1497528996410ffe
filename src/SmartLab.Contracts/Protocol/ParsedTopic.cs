namespace SmartLab.Contracts.Protocol;

/// <summary>A protocol v1 topic taken apart. Fields not used by <see cref="Kind"/> are null or zero.</summary>
public readonly record struct ParsedTopic(
    TopicKind Kind,
    string? InstrumentId,
    string? JobId = null,
    string? FileId = null,
    int ChunkIndex = 0,
    int ChunkCount = 0)
{
    /// <summary>True for topics an agent publishes to.</summary>
    public bool IsAgentTopic => Kind is TopicKind.State or TopicKind.Telemetry or TopicKind.Events
        or TopicKind.Replies or TopicKind.JobStatus or TopicKind.Measurements or TopicKind.FileChunk;

    /// <summary>True for topics the hub publishes to an agent.</summary>
    public bool IsHubToAgentTopic => Kind is TopicKind.Commands or TopicKind.Jobs or TopicKind.Acks
        or TopicKind.Rebirth or TopicKind.Diagnostics;
}
