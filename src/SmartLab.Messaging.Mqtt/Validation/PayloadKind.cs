namespace SmartLab.Messaging.Mqtt.Validation;

/// <summary>The JSON payloads of protocol v1, one per schema file in <c>SmartLab.Contracts/Schemas/v1</c>.</summary>
public enum PayloadKind
{
    /// <summary>Birth, status change or will on <c>P/instruments/{id}/state</c>.</summary>
    State,
    Telemetry,
    Event,
    CommandRequest,
    CommandReply,

    /// <summary>Job start or abort from the hub.</summary>
    JobRequest,
    JobStatus,
    Measurement,
    Ack,
    Diagnostic,
    HubState,
    Rebirth,
}
