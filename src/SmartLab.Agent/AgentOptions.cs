using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent;

/// <summary>
/// Settings of an <see cref="InstrumentAgent"/>. The agent calls <see cref="Validate"/> when it is created,
/// so a mistake is reported once, with every problem listed, before anything touches the network.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>Host name or address of the hub's MQTT broker. Default <c>localhost</c>.</summary>
    public string BrokerHost { get; set; } = "localhost";

    /// <summary>TCP port of the broker. Default 1883.</summary>
    public int BrokerPort { get; set; } = 1883;

    /// <summary>Connect with TLS (the broker's certificate must be trusted by the machine). Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>The instrument id given at registration (<c>^[a-z0-9][a-z0-9-]{0,62}$</c>); also the MQTT client id and user name.</summary>
    public string InstrumentId { get; set; } = "";

    /// <summary>The secret issued at registration; sent as the MQTT password.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Device profile this instrument implements, for example <c>xrd-powder</c>.</summary>
    public string ProfileId { get; set; } = "";

    /// <summary>Semantic version of the profile, for example <c>1.0.0</c>.</summary>
    public string ProfileVersion { get; set; } = "";

    /// <summary>Name of the agent software, reported in the birth message. Default <c>smartlab-agent</c>.</summary>
    public string AgentName { get; set; } = "smartlab-agent";

    /// <summary>Version of the agent software, reported in the birth message. Default: this SDK's version.</summary>
    public string AgentVersion { get; set; } = typeof(AgentOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Directory for the session counter and the measurement outbox; it must survive restarts of the agent, and each
    /// instrument needs its own (the agent holds it exclusively).
    /// Default: <c>smartlab-agent/{InstrumentId}</c> under the user's local application data folder.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>MQTT protocol version. Default <see cref="MqttProtocol.Mqtt5"/>.</summary>
    public MqttProtocol Protocol { get; set; } = MqttProtocol.Mqtt5;

    /// <summary>MQTT keep-alive period; the broker publishes the will after 1.5 times this without traffic. Default 15 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one connection attempt, subscription or acknowledged (QoS 1) publish may take. Default 10 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before the first reconnection attempt; later attempts back off exponentially, with jitter. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnection back-off. Default 30 s. Attempts never stop while the agent runs.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Randomise reconnection delays so a lab full of agents does not reconnect in lock-step. Default true.</summary>
    public bool ReconnectJitter { get; set; } = true;

    /// <summary>Size of the file chunks, in bytes. Default and maximum 262144 (256 KiB).</summary>
    public int FileChunkBytes { get; set; } = ProtocolConstants.MaxChunkBytes;

    /// <summary>Largest measurement document, in bytes of JSON; larger data belongs in files. Default 1 MiB (the hub's default limit).</summary>
    public int MaxMeasurementBytes { get; set; } = ProtocolConstants.DefaultMaxJsonBytes;

    /// <summary>
    /// How long an unacknowledged outbox entry waits before it is sent again on the same connection. Default 1 min.
    /// <c>null</c> resends only after a reconnect and when the hub comes back online.
    /// </summary>
    public TimeSpan? OutboxResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many command outcomes are remembered to answer a repeated command id. Default 1024.</summary>
    public int CommandMemory { get; set; } = 1024;

    /// <summary>Job lease used when a start message carries none, in seconds. Default 30.</summary>
    public int DefaultLeaseSeconds { get; set; } = 30;

    /// <summary>How long a stopping agent waits for a running job to wind down after it is told to abort. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The state directory actually used: <see cref="StateDirectory"/> or its default.</summary>
    public string ResolveStateDirectory() =>
        !string.IsNullOrWhiteSpace(StateDirectory)
            ? StateDirectory
            : Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "smartlab-agent",
                InstrumentId);

    /// <summary>Checks every setting and throws one <see cref="ArgumentException"/> that lists all problems.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(BrokerHost))
        {
            problems.Add("BrokerHost is empty");
        }

        if (BrokerPort is < 1 or > 65535)
        {
            problems.Add($"BrokerPort {BrokerPort} is outside 1..65535");
        }

        if (!ProtocolConstants.IsValidInstrumentId(InstrumentId))
        {
            problems.Add($"InstrumentId '{InstrumentId}' must match {ProtocolConstants.InstrumentIdPattern}");
        }

        if (string.IsNullOrEmpty(Secret))
        {
            problems.Add("Secret is empty: the hub refuses agents without the secret issued at registration");
        }

        if (string.IsNullOrWhiteSpace(ProfileId))
        {
            problems.Add("ProfileId is empty");
        }

        if (string.IsNullOrWhiteSpace(ProfileVersion))
        {
            problems.Add("ProfileVersion is empty");
        }

        if (string.IsNullOrWhiteSpace(AgentName) || string.IsNullOrWhiteSpace(AgentVersion))
        {
            problems.Add("AgentName and AgentVersion must not be empty");
        }

        if (KeepAlive < TimeSpan.FromSeconds(1) || KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            problems.Add($"KeepAlive {KeepAlive} is outside 1 s..65535 s");
        }

        if (OperationTimeout <= TimeSpan.Zero)
        {
            problems.Add("OperationTimeout must be positive");
        }

        if (ReconnectDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectDelay)
        {
            problems.Add("ReconnectDelay must be positive and not above ReconnectMaxDelay");
        }

        if (FileChunkBytes is < 1 or > ProtocolConstants.MaxChunkBytes)
        {
            problems.Add($"FileChunkBytes {FileChunkBytes} is outside 1..{ProtocolConstants.MaxChunkBytes}");
        }

        if (MaxMeasurementBytes < 1024)
        {
            problems.Add("MaxMeasurementBytes must be at least 1024");
        }

        if (OutboxResendInterval is { } resend && resend <= TimeSpan.Zero)
        {
            problems.Add("OutboxResendInterval must be positive or null");
        }

        if (CommandMemory < 1)
        {
            problems.Add("CommandMemory must be at least 1");
        }

        if (DefaultLeaseSeconds < 1)
        {
            problems.Add("DefaultLeaseSeconds must be at least 1");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add("ShutdownTimeout must not be negative");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid agent options: " + string.Join("; ", problems) + ".");
        }
    }
}
