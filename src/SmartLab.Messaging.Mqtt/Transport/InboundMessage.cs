using System.Buffers;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Messaging.Mqtt.Transport;

/// <summary>A message an agent published, as the hub's ingest sees it.</summary>
public readonly record struct InboundMessage(
    ParsedTopic Topic,
    string RawTopic,
    ReadOnlySequence<byte> Payload,
    int QoS,
    bool Retain);

/// <summary>What the ingest decided; the broker turns it into the PUBACK reason code.</summary>
public enum InboundOutcome
{
    Accepted,

    /// <summary>Bad input: not stored, not forwarded (PUBACK 0x99 payload format invalid).</summary>
    Rejected,

    /// <summary>Could not be stored now: the agent should retry (PUBACK 0x80 unspecified error).</summary>
    Failed,
}
