using SmartLab.Contracts.Protocol;

namespace SmartLab.Messaging.Mqtt.Validation;

/// <summary>Maps topics and payload kinds to their schema.</summary>
public static class PayloadKinds
{
    /// <summary>All kinds, in declaration order.</summary>
    public static IReadOnlyList<PayloadKind> All { get; } = Enum.GetValues<PayloadKind>();

    /// <summary>The payload a topic carries; false for file chunks (raw bytes) and unknown topics.</summary>
    public static bool TryFromTopic(TopicKind topic, out PayloadKind kind)
    {
        PayloadKind? found = topic switch
        {
            TopicKind.State => PayloadKind.State,
            TopicKind.Telemetry => PayloadKind.Telemetry,
            TopicKind.Events => PayloadKind.Event,
            TopicKind.Replies => PayloadKind.CommandReply,
            TopicKind.JobStatus => PayloadKind.JobStatus,
            TopicKind.Measurements => PayloadKind.Measurement,
            TopicKind.Commands => PayloadKind.CommandRequest,
            TopicKind.Jobs => PayloadKind.JobRequest,
            TopicKind.Acks => PayloadKind.Ack,
            TopicKind.Rebirth => PayloadKind.Rebirth,
            TopicKind.Diagnostics => PayloadKind.Diagnostic,
            TopicKind.HubState => PayloadKind.HubState,
            _ => null,
        };
        kind = found.GetValueOrDefault();
        return found.HasValue;
    }

    /// <summary>File name of the kind's schema, for example <c>job-status.schema.json</c>.</summary>
    public static string SchemaFileName(this PayloadKind kind) => kind switch
    {
        PayloadKind.State => "state.schema.json",
        PayloadKind.Telemetry => "telemetry.schema.json",
        PayloadKind.Event => "event.schema.json",
        PayloadKind.CommandRequest => "command-request.schema.json",
        PayloadKind.CommandReply => "command-reply.schema.json",
        PayloadKind.JobRequest => "job-request.schema.json",
        PayloadKind.JobStatus => "job-status.schema.json",
        PayloadKind.Measurement => "measurement.schema.json",
        PayloadKind.Ack => "ack.schema.json",
        PayloadKind.Diagnostic => "diagnostic.schema.json",
        PayloadKind.HubState => "hub-state.schema.json",
        PayloadKind.Rebirth => "rebirth.schema.json",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown payload kind"),
    };

    /// <summary>Manifest resource name of the kind's schema inside the SmartLab.Contracts assembly.</summary>
    public static string SchemaResourceName(this PayloadKind kind) => "SmartLab.Contracts.Schemas.v1." + kind.SchemaFileName();
}
