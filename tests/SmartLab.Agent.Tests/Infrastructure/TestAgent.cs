using SmartLab.Agent.Commands;
using SmartLab.Agent.Jobs;

namespace SmartLab.Agent.Tests.Infrastructure;

/// <summary>A bare agent whose commands and methods the tests register.</summary>
public sealed class TestAgent(AgentOptions options, TimeProvider? timeProvider = null) : InstrumentAgent(options, null, timeProvider)
{
    public void AddCommand(string name, CommandHandler handler, bool allowedInLocalMode = false) => RegisterCommand(name, handler, allowedInLocalMode);

    public void AddMethod(string name, MethodHandler handler) => RegisterMethod(name, handler);

    public static AgentOptions DefaultOptions(FakeHub hub, string stateDirectory, string instrumentId = "test-01") => new()
    {
        BrokerHost = "127.0.0.1",
        BrokerPort = hub.Port,
        InstrumentId = instrumentId,
        Secret = FakeHub.Secret,
        ProfileId = "test-profile",
        ProfileVersion = "1.0.0",
        AgentName = "test-agent",
        AgentVersion = "9.9.9",
        StateDirectory = stateDirectory,
        KeepAlive = TimeSpan.FromSeconds(5),
        OperationTimeout = TimeSpan.FromSeconds(5),
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
    };
}
