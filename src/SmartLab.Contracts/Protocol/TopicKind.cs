namespace SmartLab.Contracts.Protocol;

/// <summary>What a topic under <c>smartlab/v1</c> carries.</summary>
public enum TopicKind
{
    Unknown,
    HubState,

    // Agent to hub.
    State,
    Telemetry,
    Events,
    Replies,
    JobStatus,
    Measurements,
    FileChunk,

    // Hub to agent.
    Commands,
    Jobs,
    Acks,
    Rebirth,
    Diagnostics,
}
