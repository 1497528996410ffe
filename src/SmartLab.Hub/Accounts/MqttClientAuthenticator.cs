using System.Text;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Instruments;
using SmartLab.Messaging.Mqtt.Access;

namespace SmartLab.Hub.Accounts;

/// <summary>MQTT CONNECT checks: instruments by their secret, observers (staff and admins) by their API token.</summary>
public sealed class MqttClientAuthenticator(InstrumentRegistry registry, AccountService accounts) : IInstrumentAuthenticator
{
    public bool Authenticate(string instrumentId, ReadOnlySpan<byte> secret) =>
        registry.Find(instrumentId) is { } instrument && Secrets.Verify(instrument.Record.SecretHash, secret);

    public bool AuthenticateObserver(string accountId, ReadOnlySpan<byte> token) =>
        accounts.FindByToken(Encoding.UTF8.GetString(token)) is { } account
        && account.Id == accountId
        && Roles.SeesEverything(account.Role);
}
