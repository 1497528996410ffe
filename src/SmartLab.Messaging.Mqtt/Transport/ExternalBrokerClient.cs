using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Messaging.Mqtt.Transport;

/// <summary>
/// External-broker mode: the hub is a client of a broker that authenticates agents and enforces the ACL. The hub keeps a
/// persistent session (fixed client id, no clean start), so QoS 1 agent messages published while it was away are delivered
/// when it returns, and it acknowledges each one only after the ingest has finished with it.
/// </summary>
public sealed class ExternalBrokerClient : IHubTransport, IAsyncDisposable
{
    static readonly string[] AgentTopicFilters =
    [
        ProtocolConstants.TopicRoot + "/instruments/+/state",
        ProtocolConstants.TopicRoot + "/instruments/+/telemetry",
        ProtocolConstants.TopicRoot + "/instruments/+/events",
        ProtocolConstants.TopicRoot + "/instruments/+/replies",
        ProtocolConstants.TopicRoot + "/instruments/+/measurements",
        ProtocolConstants.TopicRoot + "/instruments/+/jobs/+/status",
        ProtocolConstants.TopicRoot + "/instruments/+/files/#",
    ];

    readonly ExternalBrokerOptions _options;
    readonly IInboundHandler _inbound;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    readonly IMqttClient _client;
    readonly ResiliencePipeline _connectPipeline;
    readonly CancellationTokenSource _stopping = new();
    Task? _supervisor;
    int _disposed;

    public ExternalBrokerClient(MqttOptions options, IInboundHandler inbound, ILogger<ExternalBrokerClient> logger, TimeProvider time)
    {
        _options = options.External;
        _inbound = inbound;
        _logger = logger;
        _time = time;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _connectPipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(15),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    _logger.LogWarning(args.Outcome.Exception, "External broker {Host}:{Port} unreachable (attempt {Attempt})",
                        _options.Host, _options.Port, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public bool IsReady => _client.IsConnected;

    /// <summary>Connects (retrying with backoff) and keeps the connection up until disposed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        _supervisor = SuperviseAsync(_stopping.Token);
    }

    async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectPipeline.ExecuteAsync(async ct =>
        {
            await _client.ConnectAsync(BuildOptions(), ct).ConfigureAwait(false);
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in AgentTopicFilters)
            {
                subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
            }

            await _client.SubscribeAsync(subscribe.Build(), ct).ConfigureAwait(false);
            await PublishAsync(Topics.HubState, ProtocolJson.Serialize(new HubStatePayload { Online = true, Ts = _time.GetUtcNow() }),
                qos: 1, retain: true, cancellationToken: ct).ConfigureAwait(false);
            _logger.LogInformation("Connected to external broker {Host}:{Port} as {ClientId}", _options.Host, _options.Port, _options.ClientId);
        }, cancellationToken).ConfigureAwait(false);
    }

    async Task SuperviseAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            if (_client.IsConnected)
            {
                continue;
            }

            try
            {
                await ConnectAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    MqttClientOptions BuildOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(7 * 24 * 3600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithWillTopic(Topics.HubState)
            .WithWillPayload(ProtocolJson.Serialize(new HubStatePayload { Online = false }))
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain();
        if (_options.Username is not null)
        {
            builder = builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder = builder.WithTlsOptions(o => o.UseTls());
        }

        return builder.Build();
    }

    async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var topic = TopicParser.Parse(message.Topic);
        if (!topic.IsAgentTopic)
        {
            return;
        }

        try
        {
            var outcome = await _inbound.HandleAsync(
                new InboundMessage(topic, message.Topic, message.Payload, (int)message.QualityOfServiceLevel, message.Retain),
                _stopping.Token).ConfigureAwait(false);
            if (outcome == InboundOutcome.Failed)
            {
                e.ReasonCode = MqttApplicationMessageReceivedReasonCode.UnspecifiedError;
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Ingest of {Topic} failed", message.Topic);
            e.ReasonCode = MqttApplicationMessageReceivedReasonCode.UnspecifiedError;
        }
    }

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain = false,
        string? responseTopic = null, ReadOnlyMemory<byte> correlationData = default, CancellationToken cancellationToken = default) =>
        _client.PublishAsync(MessageFactory.Create(topic, payload, qos, retain, responseTopic, correlationData), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null)
        {
            try
            {
                await _supervisor.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_client.IsConnected)
        {
            await PublishAsync(Topics.HubState, ProtocolJson.Serialize(new HubStatePayload { Online = false, Ts = _time.GetUtcNow() }),
                qos: 1, retain: true).ConfigureAwait(false);
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        _stopping.Dispose();
    }
}
