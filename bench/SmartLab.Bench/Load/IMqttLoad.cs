namespace SmartLab.Bench.Load;

/// <summary>What a load phase does with a connection's incoming packets. Called on that connection's receive loop.</summary>
public interface IMqttLoad
{
    void OnPubAck(MqttConnection connection, ushort packetId, byte reason);

    void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId);

    /// <summary>End of one socket read: the moment to send replies batched while its packets were handled.</summary>
    void OnReceived(MqttConnection connection);
}
