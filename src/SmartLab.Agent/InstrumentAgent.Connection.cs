using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;
using SmartLab.Agent.Internal;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    async Task ConnectionLoopAsync(CancellationToken stopping)
    {
        var pipeline = CreateReconnectPipeline(stopping);
        while (!stopping.IsCancellationRequested)
        {
            var connection = await pipeline.ExecuteAsync(ConnectOnceAsync, stopping).ConfigureAwait(false);
            try
            {
                await AfterBirthAsync(connection, stopping).ConfigureAwait(false);
                await MaintainAsync(connection, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "connection {Session} of {InstrumentId} ended with an error", connection.Session, InstrumentId);
            }

            if (stopping.IsCancellationRequested)
            {
                // Shutdown uses the connection for the offline message.
                return;
            }

            Interlocked.CompareExchange(ref _connection, null, connection);
            connection.MarkClosed();
            connection.Client.Dispose();
            Logger.LogWarning("{InstrumentId} lost its broker connection (session {Session}); reconnecting", InstrumentId, connection.Session);
        }
    }

    ResiliencePipeline<AgentConnection> CreateReconnectPipeline(CancellationToken stopping) =>
        new ResiliencePipelineBuilder<AgentConnection> { TimeProvider = TimeProvider }
            .AddRetry(new RetryStrategyOptions<AgentConnection>
            {
                ShouldHandle = new PredicateBuilder<AgentConnection>().Handle<Exception>(_ => !stopping.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = Options.ReconnectJitter,
                Delay = Options.ReconnectDelay,
                MaxDelay = Options.ReconnectMaxDelay,
                OnRetry = args =>
                {
                    Logger.LogWarning("{InstrumentId} could not connect to {Host}:{Port} (attempt {Attempt}): {Reason}; next try in {Delay}",
                        InstrumentId, Options.BrokerHost, Options.BrokerPort, args.AttemptNumber + 1,
                        args.Outcome.Exception?.Message, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>One connection attempt: new session number, CONNECT with the will, subscriptions, birth.</summary>
    async ValueTask<AgentConnection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var session = _sessions.Next();
        var client = _mqtt.CreateMqttClient();
        var connection = new AgentConnection(client, session, Options.Protocol == MqttProtocol.Mqtt5);
        client.ApplicationMessageReceivedAsync += e => OnMessageReceivedAsync(connection, e);
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                Logger.LogDebug(e.Exception, "session {Session} of {InstrumentId} disconnected: {Reason}", session, InstrumentId, e.Reason);
            }

            connection.MarkClosed();
            return Task.CompletedTask;
        };

        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(Options.OperationTimeout);
                await client.ConnectAsync(BuildClientOptions(session), timeout.Token).ConfigureAwait(false);
                await SubscribeAsync(client, timeout.Token).ConfigureAwait(false);
            }

            await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var birth = await PublishStateLockedAsync(connection, cancellationToken).ConfigureAwait(false);
                if (birth is not { IsSuccess: true })
                {
                    throw new InvalidOperationException(
                        $"the broker did not accept the birth message of {InstrumentId} ({birth?.ReasonCode.ToString() ?? "no answer"})");
                }

                Volatile.Write(ref _connection, connection);
            }
            finally
            {
                _stateLock.Release();
            }

            Logger.LogInformation("{InstrumentId} connected to {Host}:{Port}, session {Session}, status {Status}",
                InstrumentId, Options.BrokerHost, Options.BrokerPort, session, Status);
            return connection;
        }
        catch
        {
            connection.MarkClosed();
            client.Dispose();
            throw;
        }
    }

    MqttClientOptions BuildClientOptions(long session)
    {
        var will = Contracts.Json.ProtocolJson.Serialize(new Contracts.Payloads.StatePayload { Online = false, Session = session });
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Options.BrokerHost, Options.BrokerPort)
            .WithClientId(InstrumentId)
            .WithCredentials(InstrumentId, Options.Secret)
            .WithProtocolVersion(Options.Protocol == MqttProtocol.Mqtt5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithKeepAlivePeriod(Options.KeepAlive)
            .WithTimeout(Options.OperationTimeout)

            // Commands are time-bound and jobs are re-sent by the hub after a reconnect, so nothing is gained by a
            // broker-side session; measurements are safe in the local outbox.
            .WithCleanStart(true)
            .WithWillTopic(Topics.State(InstrumentId))
            .WithWillPayload(will)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        if (Options.UseTls)
        {
            builder.WithTlsOptions(tls => tls.UseTls());
        }

        return builder.Build();
    }

    async Task SubscribeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var options = _mqtt.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.Commands(InstrumentId), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Jobs(InstrumentId), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Acks(InstrumentId), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Rebirth(InstrumentId), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Diagnostics(InstrumentId), MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(Topics.HubState, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await client.SubscribeAsync(options, cancellationToken).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            if ((int)item.ResultCode >= 0x80)
            {
                Logger.LogWarning("the broker refused the subscription of {InstrumentId} to {Topic}: {Code}",
                    InstrumentId, item.TopicFilter.Topic, item.ResultCode);
            }
        }
    }

    /// <summary>After the birth: send what the hub may have missed while the agent was away.</summary>
    async Task AfterBirthAsync(AgentConnection connection, CancellationToken stopping)
    {
        // Data before outcomes: the hub learns a job succeeded only after it holds what the job measured.
        await ReplayOutboxAsync(connection, onlyOlderThan: null, stopping).ConfigureAwait(false);
        await RepublishJobStatusesAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for the connection to drop, re-sending outbox entries the hub has not acknowledged for a while.</summary>
    async Task MaintainAsync(AgentConnection connection, CancellationToken stopping)
    {
        if (Options.OutboxResendInterval is not { } interval)
        {
            await connection.Closed.WaitAsync(stopping).ConfigureAwait(false);
            return;
        }

        while (!connection.Closed.IsCompleted)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                var delay = Task.Delay(interval / 2, TimeProvider, tick.Token);
                await Task.WhenAny(connection.Closed, delay).ConfigureAwait(false);
                await tick.CancelAsync().ConfigureAwait(false);
            }

            stopping.ThrowIfCancellationRequested();
            if (!connection.Closed.IsCompleted)
            {
                await ReplayOutboxAsync(connection, onlyOlderThan: interval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Publishes on <paramref name="connection"/> (or the current one). Returns null when there is no connection or the
    /// publish failed on the network: callers decide whether that matters (telemetry: no; outbox: it is re-sent anyway).
    /// </summary>
    async Task<MqttClientPublishResult?> PublishCoreAsync(AgentConnection? connection, string topic, byte[] payload,
        MqttQualityOfServiceLevel qos, bool retain, CancellationToken cancellationToken, byte[]? correlationData = null, bool json = true)
    {
        connection ??= Volatile.Read(ref _connection);
        if (connection is null || !connection.IsUp)
        {
            return null;
        }

        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(qos)
            .WithRetainFlag(retain);
        if (connection.IsMqtt5)
        {
            // MQTT 3.1.1 has no properties; everything that matters is in the payload anyway.
            builder.WithContentType(json ? "application/json" : "application/octet-stream");
            if (json)
            {
                builder.WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData);
            }

            if (correlationData is { Length: > 0 })
            {
                builder.WithCorrelationData(correlationData);
            }
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.OperationTimeout);
            var result = await connection.Client.PublishAsync(builder.Build(), timeout.Token).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                Logger.LogWarning("the broker refused a message of {InstrumentId} on {Topic}: {ReasonCode} {ReasonString}",
                    InstrumentId, topic, result.ReasonCode, result.ReasonString);
            }

            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Logger.LogDebug(ex, "publish of {InstrumentId} to {Topic} did not go through", InstrumentId, topic);
            return null;
        }
    }
}
