using System.Net;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartLab.Contracts.Protocol;
using SmartLab.Messaging.Mqtt.Access;
using SmartLab.Messaging.Mqtt.Broker;

namespace SmartLab.Messaging.Mqtt.Transport;

/// <summary>
/// The hub's own MQTTnet broker. Authentication and the topic ACL run in the broker's hooks; every allowed agent message
/// goes through the ingest inside <c>InterceptingPublishAsync</c>, so a QoS 1 PUBACK leaves only after the ingest (and
/// any store commit it awaits) has finished.
/// </summary>
public sealed class EmbeddedBroker(
    MqttOptions options,
    IInstrumentAuthenticator authenticator,
    IInboundHandler inbound,
    BrokerStatistics statistics,
    ILogger<EmbeddedBroker> logger) : IHubTransport, IAsyncDisposable
{
    MqttServer? _server;
    GuardedTcpServerAdapter? _adapter;

    // Observer connections that subscribed to something. Agent messages are forwarded only while there is one: without
    // it nobody may receive them, and MQTTnet would still test every connected session's subscriptions per message.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _observers = new(StringComparer.Ordinal);

    public bool IsReady => _server?.IsStarted == true;

    /// <summary>The TCP port the broker listens on.</summary>
    public int Port => _adapter?.BoundPort ?? options.Port;

    public async Task StartAsync()
    {
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(options.Port)
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();
        _adapter = new GuardedTcpServerAdapter(IPAddress.Parse(options.BindAddress), options.MaxPacketBytes);
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, [_adapter]);
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.ClientDisconnectedAsync += e =>
        {
            _observers.TryRemove(e.ClientId, out _);
            inbound.OnDisconnected(e.ClientId, e.DisconnectType == MqttClientDisconnectType.Clean);
            return Task.CompletedTask;
        };
        server.QueuedApplicationMessageOverwrittenAsync += e =>
        {
            statistics.QueuedMessageDropped();
            logger.LogWarning("Subscriber {ClientId} queue full: oldest queued message dropped", e.ReceiverClientId);
            return Task.CompletedTask;
        };
        await server.StartAsync().ConfigureAwait(false);
        _server = server;
        logger.LogInformation("Embedded MQTT broker listening on {Address}:{Port}", options.BindAddress, Port);
    }

    Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.UserName) || e.RawPassword is not { Length: > 0 })
        {
            Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "missing credentials");
        }
        else if (e.UserName.StartsWith(AccessControl.ObserverPrefix, StringComparison.Ordinal))
        {
            var account = e.UserName[AccessControl.ObserverPrefix.Length..];
            if (!e.ClientId.StartsWith(account + ".", StringComparison.Ordinal))
            {
                Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "an observer's client id must start with its account id and a dot");
            }
            else if (!authenticator.AuthenticateObserver(account, e.RawPassword))
            {
                Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "unknown account, wrong token, or a role that may not observe");
            }
            else
            {
                e.SessionItems[AccessControl.ObserverSessionKey] = account;
            }
        }
        else if (!string.Equals(e.ClientId, e.UserName, StringComparison.Ordinal))
        {
            Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "client id must equal the instrument id (username)");
        }
        else if (!authenticator.Authenticate(e.UserName, e.RawPassword))
        {
            Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "unknown instrument or wrong secret");
        }

        return Task.CompletedTask;
    }

    void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string why)
    {
        e.ReasonCode = code;
        statistics.ConnectionRefused();
        logger.LogWarning("Refused MQTT connection from {Endpoint} (client {ClientId}, user {User}): {Why}",
            e.RemoteEndPoint, e.ClientId, e.UserName, why);
    }

    Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var observer = e.SessionItems.Contains(AccessControl.ObserverSessionKey);
        var allowed = observer
            ? AccessControl.ObserverMaySubscribe(e.TopicFilter.Topic)
            : AccessControl.MaySubscribe(e.ClientId, e.TopicFilter.Topic);
        if (allowed && observer)
        {
            _observers[e.ClientId] = 0;
        }

        if (!allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            statistics.SubscriptionRefused();
            logger.LogWarning("Refused subscription of {ClientId} to {Filter}", e.ClientId, e.TopicFilter.Topic);
        }

        return Task.CompletedTask;
    }

    async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == AccessControl.HubClientId)
        {
            return;
        }

        var message = e.ApplicationMessage;
        var topic = TopicParser.Parse(message.Topic);
        if (!AccessControl.MayPublish(e.ClientId, topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            statistics.PublishRefused();
            logger.LogWarning("Refused publish of {ClientId} to {Topic}", e.ClientId, message.Topic);
            return;
        }

        InboundOutcome outcome;
        try
        {
            outcome = await inbound.HandleAsync(
                new InboundMessage(topic, message.Topic, message.Payload, (int)message.QualityOfServiceLevel, message.Retain),
                e.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Ingest of {Topic} failed", message.Topic);
            outcome = InboundOutcome.Failed;
        }

        // Only state, telemetry and events can have receivers (observers); state is always processed so its retained
        // copy is there for observers that subscribe later.
        if (outcome == InboundOutcome.Accepted && topic.Kind != TopicKind.State
            && (_observers.IsEmpty || topic.Kind is not (TopicKind.Telemetry or TopicKind.Events)))
        {
            e.ProcessPublish = false;
        }

        switch (outcome)
        {
            case InboundOutcome.Rejected:
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                break;
            case InboundOutcome.Failed:
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
                break;
        }
    }

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain = false,
        string? responseTopic = null, ReadOnlyMemory<byte> correlationData = default, CancellationToken cancellationToken = default)
    {
        var server = _server ?? throw new InvalidOperationException("the embedded broker is not started");
        var message = MessageFactory.Create(topic, payload, qos, retain, responseTopic, correlationData);
        return server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(message) { SenderClientId = AccessControl.HubClientId }, cancellationToken);
    }

    /// <summary>Ends an agent's connection from the broker side (its will is published, as for any lost connection).</summary>
    public async Task DisconnectClientAsync(string clientId)
    {
        if (_server is not { } server)
        {
            return;
        }

        try
        {
            await server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions()).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Not connected: nothing to end.
        }
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _adapter, null)?.Dispose();
    }
}
