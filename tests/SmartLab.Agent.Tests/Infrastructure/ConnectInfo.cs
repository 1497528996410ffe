using MQTTnet.Formatter;

namespace SmartLab.Agent.Tests.Infrastructure;

/// <summary>What an agent sent in CONNECT.</summary>
public sealed record ConnectInfo(string ClientId, string UserName, string Password, MqttProtocolVersion ProtocolVersion);
