namespace SmartLab.Messaging.Mqtt.Transport;

/// <summary>How the hub receives agent messages and publishes its own, whichever broker is in use.</summary>
public interface IHubTransport
{
    /// <summary>Publishes a hub message (acks, diagnostics, commands, jobs, rebirth, hub state).</summary>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain = false,
        string? responseTopic = null, ReadOnlyMemory<byte> correlationData = default, CancellationToken cancellationToken = default);

    /// <summary>True while instruments can reach the hub (broker listening, or connected to the external broker).</summary>
    bool IsReady { get; }
}

/// <summary>Receives every agent message the access rules allowed; set once by the ingest.</summary>
public interface IInboundHandler
{
    ValueTask<InboundOutcome> HandleAsync(InboundMessage message, CancellationToken cancellationToken);

    /// <summary>An agent's connection ended (will or clean disconnect).</summary>
    void OnDisconnected(string clientId, bool clean);
}
