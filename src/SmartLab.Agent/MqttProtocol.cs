namespace SmartLab.Agent;

/// <summary>The MQTT protocol version an agent speaks.</summary>
public enum MqttProtocol
{
    /// <summary>MQTT 5.0 (default): reply correlation data and PUBACK reason codes are used.</summary>
    Mqtt5,

    /// <summary>MQTT 3.1.1: everything still works, because every field that matters is in the JSON payload.</summary>
    Mqtt311,
}
