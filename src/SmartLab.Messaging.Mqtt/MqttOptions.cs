using System.ComponentModel.DataAnnotations;

namespace SmartLab.Messaging.Mqtt;

/// <summary>Whether the hub hosts its own broker or joins an external one.</summary>
public enum BrokerMode
{
    /// <summary>The hub runs an MQTTnet broker in its own process (default).</summary>
    Embedded,

    /// <summary>The hub connects as a client to an external broker (Mosquitto, EMQX, HiveMQ...), which enforces the ACL.</summary>
    External,
}

/// <summary>MQTT settings, bound from <c>SmartLab:Mqtt</c>.</summary>
public sealed class MqttOptions
{
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>Embedded mode: TCP port the broker listens on. Default 1883; 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>Embedded mode: address to bind. Default all interfaces.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Largest JSON payload accepted. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxJsonBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest file chunk accepted. Default 256 KiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxChunkBytes { get; set; } = 256 * 1024;

    /// <summary>Messages queued per subscriber before the broker refuses new ones for it (counted, never silent). Default 100000.</summary>
    [Range(10, 10_000_000)]
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    public ExternalBrokerOptions External { get; set; } = new();

    /// <summary>Largest MQTT packet the embedded broker reads, checked from the fixed header before any buffer is reserved.</summary>
    public int MaxPacketBytes => Math.Max(MaxJsonBytes, MaxChunkBytes) + 64 * 1024;
}

/// <summary>External mode: where the broker is and how the hub logs in.</summary>
public sealed class ExternalBrokerOptions
{
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;
    public string ClientId { get; set; } = "smartlab-hub";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool UseTls { get; set; }
}
