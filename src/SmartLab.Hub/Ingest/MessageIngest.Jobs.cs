using System.Text.Json;
using SmartLab.Contracts.Json;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt.Transport;

namespace SmartLab.Hub.Ingest;

public sealed partial class MessageIngest
{
    async Task<Rejection?> OnJobStatusAsync(InstrumentRuntime instrument, InboundMessage message, JsonElement root,
        CancellationToken cancellationToken)
    {
        var status = root.Deserialize(ProtocolJsonContext.Default.JobStatusPayload)!;
        await jobs.OnStatusAsync(instrument.Record.Id, message.Topic.JobId!, status, cancellationToken).ConfigureAwait(false);
        return null;
    }

    Rejection? OnReply(InstrumentRuntime instrument, JsonElement root)
    {
        commands.OnReply(instrument.Record.Id, root.Deserialize(ProtocolJsonContext.Default.CommandReply)!);
        return null;
    }
}
