using MQTTnet;

namespace SmartLab.Agent.Internal;

/// <summary>One MQTT connection of the agent and what belongs to it: its session number and telemetry sequence.</summary>
sealed class AgentConnection(IMqttClient client, long session, bool isMqtt5)
{
    readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _sequence;

    public IMqttClient Client { get; } = client;

    public long Session { get; } = session;

    public bool IsMqtt5 { get; } = isMqtt5;

    /// <summary>Completes when the broker connection is lost or closed.</summary>
    public Task Closed => _closed.Task;

    public bool IsUp => !_closed.Task.IsCompleted && Client.IsConnected;

    /// <summary>The hub's last known state on this connection: null until its retained state arrives.</summary>
    public bool? HubOnline { get; set; }

    /// <summary>Telemetry sequence: starts at 0 in every session.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence) - 1;

    public void MarkClosed() => _closed.TrySetResult();
}
