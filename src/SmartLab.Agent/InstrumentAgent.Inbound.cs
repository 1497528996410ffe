using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MQTTnet;
using SmartLab.Agent.Internal;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    /// <summary>Raised when the hub explains why it dropped one of this agent's messages.</summary>
    public event EventHandler<DiagnosticPayload>? DiagnosticReceived;

    /// <summary>
    /// Routes a message from the hub. It runs on MQTTnet's receive task: quick work (acks, aborts) happens here,
    /// anything that may wait (commands, job starts, republishing) is handed to a background task.
    /// </summary>
    Task OnMessageReceivedAsync(AgentConnection connection, MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        try
        {
            var topic = TopicParser.Parse(message.Topic);
            if (topic.Kind != TopicKind.HubState && topic.InstrumentId != InstrumentId)
            {
                Logger.LogDebug("{InstrumentId} ignores a message on {Topic}", InstrumentId, message.Topic);
                return Task.CompletedTask;
            }

            // Copy: the payload buffer belongs to MQTTnet once this handler returns.
            var payload = message.Payload.ToArray();
            switch (topic.Kind)
            {
                case TopicKind.HubState:
                    OnHubState(connection, payload);
                    break;
                case TopicKind.Commands:
                    var responseTopic = message.ResponseTopic;
                    var correlation = message.CorrelationData;
                    RunInBackground(() => HandleCommandAsync(payload, responseTopic, correlation), "command");
                    break;
                case TopicKind.Jobs:
                    OnJobMessage(payload, message.Topic);
                    break;
                case TopicKind.Acks:
                    OnAck(payload, message.Topic);
                    break;
                case TopicKind.Rebirth:
                    RunInBackground(() => RepublishStateAsync("the hub asked for a rebirth"), "rebirth");
                    break;
                case TopicKind.Diagnostics:
                    OnDiagnostic(payload, message.Topic);
                    break;
                default:
                    Logger.LogDebug("{InstrumentId} ignores a message on {Topic}", InstrumentId, message.Topic);
                    break;
            }
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "{InstrumentId} could not handle a message on {Topic}", InstrumentId, message.Topic);
        }

        return Task.CompletedTask;
    }

    T? Parse<T>(byte[] payload, string topic)
        where T : class
    {
        try
        {
            var value = ProtocolJson.Deserialize<T>(payload);
            if (value is null)
            {
                Logger.LogWarning("{InstrumentId} ignores an empty message on {Topic}", InstrumentId, topic);
            }

            return value;
        }
        catch (JsonException ex)
        {
            Logger.LogWarning("{InstrumentId} ignores a malformed message on {Topic}: {Error}", InstrumentId, topic, ex.Message);
            return null;
        }
    }

    void OnDiagnostic(byte[] payload, string topic)
    {
        var diagnostic = Parse<DiagnosticPayload>(payload, topic);
        if (diagnostic is null)
        {
            return;
        }

        Logger.LogWarning("the hub dropped a message of {InstrumentId} on {Topic}: {Code} {Message}",
            InstrumentId, diagnostic.Topic, diagnostic.Code, diagnostic.Message);
        Raise(DiagnosticReceived, diagnostic);
    }

    void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, args);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "an event handler of {InstrumentId} threw", InstrumentId);
        }
    }
}
