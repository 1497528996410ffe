using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartLab.Contracts.Json;
using SmartLab.Contracts.Payloads;
using SmartLab.Contracts.Protocol;

namespace SmartLab.Agent.Tests.Infrastructure;

/// <summary>
/// A real in-process MQTT 5 broker on a free port that plays the hub: it checks credentials, records everything agents
/// publish (and their CONNECT packets), and publishes hub messages. It can be stopped and started again on the same port.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    public const string Secret = "test-secret";
    const string HubClientId = "hub";

    readonly MqttServerFactory _factory = new();
    readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    readonly ConcurrentQueue<ConnectInfo> _connects = new();
    MqttServer? _server;
    int _count;

    FakeHub(int port) => Port = port;

    public int Port { get; }

    /// <summary>Answer every measurement, and every file's last chunk, with a <c>stored</c> ack at once (as a fast hub would).</summary>
    public bool AutoAck { get; set; }

    public IReadOnlyList<ReceivedMessage> Messages => [.. _messages];

    public IReadOnlyList<ConnectInfo> Connects => [.. _connects];

    public static async Task<FakeHub> StartAsync()
    {
        var hub = new FakeHub(FreePort());
        await hub.StartServerAsync();
        return hub;
    }

    public async Task StartServerAsync()
    {
        var options = _factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(Port)
            .WithDefaultEndpointReuseAddress()
            .Build();
        var server = _factory.CreateMqttServer(options);
        server.ValidatingConnectionAsync += e =>
        {
            _connects.Enqueue(new ConnectInfo(e.ClientId, e.UserName, e.Password, e.ProtocolVersion));
            if (e.UserName != e.ClientId || e.Password != Secret)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }

            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            if (e.ClientId != HubClientId)
            {
                var m = e.ApplicationMessage;
                var received = new ReceivedMessage(Interlocked.Increment(ref _count), e.ClientId, m.Topic, m.Payload.ToArray(), m.Retain,
                    m.QualityOfServiceLevel, m.CorrelationData, m.ContentType);
                _messages.Enqueue(received);
                if (AutoAck)
                {
                    AcknowledgeLater(received);
                }
            }

            return Task.CompletedTask;
        };
        await server.StartAsync();
        _server = server;
    }

    /// <summary>Kills the broker: every client loses its connection.</summary>
    public async Task StopServerAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync();
            server.Dispose();
        }
    }

    public Task DisconnectClientAsync(string clientId) =>
        _server!.DisconnectClientAsync(clientId, MqttDisconnectReasonCode.AdministrativeAction);

    public Task PublishJsonAsync<T>(string topic, T payload, bool retain = false, byte[]? correlationData = null, string? responseTopic = null) =>
        PublishAsync(topic, ProtocolJson.Serialize(payload), retain, correlationData, responseTopic);

    public Task PublishRawAsync(string topic, string json, bool retain = false, byte[]? correlationData = null, string? responseTopic = null) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(json), retain, correlationData, responseTopic);

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false, byte[]? correlationData = null, string? responseTopic = null)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain);
        if (correlationData is not null)
        {
            builder.WithCorrelationData(correlationData);
        }

        if (responseTopic is not null)
        {
            builder.WithResponseTopic(responseTopic);
        }

        await _server!.InjectApplicationMessage(new InjectedMqttApplicationMessage(builder.Build()) { SenderClientId = HubClientId });
    }

    /// <summary>The bytes of a file as the last complete set of chunks on the wire.</summary>
    public byte[]? Reassemble(string fileId)
    {
        var chunks = new SortedDictionary<int, byte[]>();
        var total = 0;
        foreach (var m in Messages)
        {
            var topic = TopicParser.Parse(m.Topic);
            if (topic.Kind == TopicKind.FileChunk && topic.FileId == fileId)
            {
                chunks[topic.ChunkIndex] = m.Payload;
                total = topic.ChunkCount;
            }
        }

        return total > 0 && chunks.Count == total ? [.. chunks.Values.SelectMany(c => c)] : null;
    }

    void AcknowledgeLater(ReceivedMessage received)
    {
        var topic = TopicParser.Parse(received.Topic);
        AckPayload? ack = topic.Kind switch
        {
            TopicKind.Measurements => new AckPayload { Kind = "measurement", Id = received.Str("measurementId")!, Status = "stored" },
            TopicKind.FileChunk when topic.ChunkIndex == topic.ChunkCount - 1 => new AckPayload { Kind = "file", Id = topic.FileId!, Status = "stored" },
            _ => null,
        };
        if (ack is not null)
        {
            // Not from inside the broker's interceptor: the ack may well overtake the agent's PUBACK.
            _ = Task.Run(() => PublishJsonAsync(Topics.Acks(topic.InstrumentId!), ack));
        }
    }

    public Task<MqttApplicationMessage?> GetRetainedAsync(string topic) => _server!.GetRetainedMessageAsync(topic)!;

    /// <summary>The first message (from index <paramref name="after"/> on) that matches, waiting for it if needed.</summary>
    public async Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> match, string what, int after = 0, TimeSpan? timeout = null)
    {
        ReceivedMessage? found = null;
        try
        {
            await Eventually.TrueAsync(() => (found = _messages.FirstOrDefault(m => m.Index > after && match(m))) is not null, what, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; received:\n  " + string.Join("\n  ", Messages.TakeLast(40)), ex);
        }

        return found!;
    }

    public Task<ReceivedMessage> WaitForTopicAsync(string topic, Func<ReceivedMessage, bool>? match = null, int after = 0, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.Topic == topic && (match?.Invoke(m) ?? true), $"a message on {topic}", after, timeout);

    public int LastIndex => Volatile.Read(ref _count);

    public async ValueTask DisposeAsync() => await StopServerAsync();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
