namespace SmartLab.Messaging.Mqtt.Access;

/// <summary>Checks CONNECT credentials: instruments against the registry, observers against the API accounts.</summary>
public interface IInstrumentAuthenticator
{
    /// <summary>True when <paramref name="instrumentId"/> is registered and <paramref name="secret"/> is its current secret.</summary>
    bool Authenticate(string instrumentId, ReadOnlySpan<byte> secret);

    /// <summary>True when <paramref name="accountId"/>'s API token is <paramref name="token"/> and its role may watch instruments.</summary>
    bool AuthenticateObserver(string accountId, ReadOnlySpan<byte> token);
}
