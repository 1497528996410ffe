namespace SmartLab.Messaging.Mqtt.Access;

/// <summary>Checks an agent's CONNECT credentials against the instrument registry.</summary>
public interface IInstrumentAuthenticator
{
    /// <summary>True when <paramref name="instrumentId"/> is registered and <paramref name="secret"/> is its current secret.</summary>
    bool Authenticate(string instrumentId, ReadOnlySpan<byte> secret);
}
