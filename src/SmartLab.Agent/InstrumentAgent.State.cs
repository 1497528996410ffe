using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using SmartLab.Agent.Internal;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

public abstract partial class InstrumentAgent
{
    // Serialises birth and status changes, so the retained state is always the latest status.
    readonly SemaphoreSlim _stateLock = new(1, 1);
    volatile InstrumentStatus _status = InstrumentStatus.Idle;

    /// <summary>The status reported in the state message. Starts as <see cref="InstrumentStatus.Idle"/>; set with <see cref="SetStatusAsync"/>.</summary>
    public InstrumentStatus Status => _status;

    /// <summary>
    /// Changes the status and republishes the state (retained, same session) when it changed. While disconnected
    /// the new status goes out with the next birth. Jobs set <see cref="InstrumentStatus.Busy"/> and back by themselves.
    /// </summary>
    public async Task SetStatusAsync(InstrumentStatus status, CancellationToken cancellationToken = default)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_status == status)
            {
                return;
            }

            Logger.LogInformation("{InstrumentId} status {Old} -> {New}", InstrumentId, _status, status);
            _status = status;
            await PublishStateLockedAsync(null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>Publishes the state again, unchanged (after a rebirth request or when the hub comes back).</summary>
    async Task RepublishStateAsync(string reason)
    {
        await _stateLock.WaitAsync(_stoppingToken).ConfigureAwait(false);
        try
        {
            Logger.LogInformation("{InstrumentId} republishes its state: {Reason}", InstrumentId, reason);
            await PublishStateLockedAsync(null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    Task<MqttClientPublishResult?> PublishStateLockedAsync(AgentConnection? connection, CancellationToken cancellationToken)
    {
        connection ??= Volatile.Read(ref _connection);
        if (connection is null)
        {
            return Task.FromResult<MqttClientPublishResult?>(null);
        }

        var state = new StatePayload
        {
            Online = true,
            Session = connection.Session,
            Status = _status.ToWire(),
            Profile = new ProfileRef(Options.ProfileId, Options.ProfileVersion),
            Agent = new AgentInfo(Options.AgentName, Options.AgentVersion),
            Ts = TimeProvider.GetUtcNow(),
        };
        return PublishCoreAsync(connection, Topics.State(InstrumentId), ProtocolJson.Serialize(state),
            MqttQualityOfServiceLevel.AtLeastOnce, retain: true, cancellationToken);
    }

    void OnHubState(AgentConnection connection, byte[] payload)
    {
        var state = Parse<HubStatePayload>(payload, Topics.HubState);
        if (state is null)
        {
            return;
        }

        var previous = connection.HubOnline;
        connection.HubOnline = state.Online;
        if (!state.Online)
        {
            Logger.LogWarning("the hub is offline; {InstrumentId} keeps its outbox until it returns", InstrumentId);
        }
        else if (previous == false)
        {
            // A restarted hub may have lost what it knew and what was in flight: state, then the outbox.
            RunInBackground(async () =>
            {
                await RepublishStateAsync("the hub is back online").ConfigureAwait(false);
                await ReplayOutboxAsync(connection, onlyOlderThan: null, _stoppingToken).ConfigureAwait(false);
            }, "state republish and outbox replay");
        }
    }
}
