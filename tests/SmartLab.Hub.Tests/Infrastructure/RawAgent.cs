using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartLab.Hub.Tests.Infrastructure;

/// <summary>
/// An agent written with a plain MQTT client, following the protocol document only (no SDK): what a lab integrator in
/// any language would write. Received messages are queued per topic so tests can wait for them.
/// </summary>
public sealed class RawAgent : IAsyncDisposable
{
    readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    readonly Channel<(string Topic, JsonNode? Payload)> _received = Channel.CreateUnbounded<(string, JsonNode?)>();
    readonly List<(string Topic, JsonNode? Payload)> _seen = [];
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _stored = new();

    RawAgent(string id) => Id = id;

    public string Id { get; }
    public string Prefix => $"smartlab/v1/instruments/{Id}";
    public bool IsConnected => _client.IsConnected;

    public static MqttClientOptions Options(int port, string clientId, string? username, string? password,
        MqttProtocolVersion version = MqttProtocolVersion.V500, long? willSession = null, string? willInstrument = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }

        if (willSession is { } session)
        {
            builder = builder
                .WithWillTopic($"smartlab/v1/instruments/{willInstrument ?? clientId}/state")
                .WithWillPayload(Encoding.UTF8.GetBytes($$"""{"v":1,"online":false,"session":{{session}}}"""))
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillRetain();
        }

        return builder.Build();
    }

    /// <summary>Connects as instrument <paramref name="id"/>, subscribes to its hub topics and publishes a birth.</summary>
    public static async Task<RawAgent> ConnectAsync(int port, string id, string secret, long session = 1, string status = "idle",
        string profile = "xrd-powder", MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var agent = new RawAgent(id);
        agent._client.ApplicationMessageReceivedAsync += e =>
        {
            var text = e.ApplicationMessage.ConvertPayloadToString();
            JsonNode? node = null;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }

            if (node is not null && e.ApplicationMessage.Topic.EndsWith("/acks", StringComparison.Ordinal)
                && (string?)node["kind"] == "measurement" && (string?)node["status"] == "stored")
            {
                agent._stored[(string)node["id"]!] = 0;
            }

            agent._received.Writer.TryWrite((e.ApplicationMessage.Topic, node));
            return Task.CompletedTask;
        };
        var connected = await agent._client.ConnectAsync(Options(port, id, id, secret, version, willSession: session));
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MQTTnet.Exceptions.MqttCommunicationException($"CONNECT of {id} refused: {connected.ResultCode}");
        }
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var t in new[] { "acks", "diagnostics", "rebirth", "commands", "jobs" })
        {
            subscribe.WithTopicFilter($"{agent.Prefix}/{t}", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await agent._client.SubscribeAsync(subscribe.Build());
        await agent.PublishJsonAsync("state", new
        {
            v = 1, online = true, session, status,
            profile = new { id = profile, version = "1.0.0" },
            agent = new { name = "raw-test-agent", version = "0.0.1" },
            ts = Now(),
        }, retain: true);
        return agent;
    }

    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public Task<MqttClientPublishResult> PublishJsonAsync(string subtopic, object payload, int qos = 1, bool retain = false) =>
        PublishRawAsync($"{Prefix}/{subtopic}", JsonSerializer.SerializeToUtf8Bytes(payload), qos, retain);

    public Task<MqttClientPublishResult> PublishRawAsync(string topic, byte[] payload, int qos = 1, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .WithRetainFlag(retain)
            .Build());

    public Task<MqttClientSubscribeResult> SubscribeAsync(string filter) =>
        _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>Waits for a message on one of this agent's topics that matches <paramref name="match"/>.</summary>
    public async Task<JsonNode> WaitForAsync(string subtopic, Func<JsonNode, bool> match, TimeSpan? timeout = null)
    {
        var topic = $"{Prefix}/{subtopic}";
        lock (_seen)
        {
            foreach (var (t, p) in _seen)
            {
                if (t == topic && p is not null && match(p))
                {
                    return p;
                }
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var (t, p) = await _received.Reader.ReadAsync(cts.Token);
                lock (_seen)
                {
                    _seen.Add((t, p));
                }

                if (t == topic && p is not null && match(p))
                {
                    return p;
                }
            }
        }
        catch (OperationCanceledException)
        {
            string seen;
            lock (_seen)
            {
                seen = string.Join("\n", _seen.Select(s => $"{s.Topic} {s.Payload?.ToJsonString()}"));
            }

            Assert.Fail($"no matching message on {topic} within the timeout; received:\n{seen}");
            throw;
        }
    }

    public Task<JsonNode> WaitForAckAsync(string kind, string id) =>
        WaitForAsync("acks", a => (string?)a["kind"] == kind && (string?)a["id"] == id);

    public Task DisconnectAsync() => _client.DisconnectAsync();

    /// <summary>How many messages arrived on <c>P/instruments/{id}/{subtopic}</c> so far (drains what is pending first).</summary>
    public int Received(string subtopic) => All(subtopic).Count;

    /// <summary>Every message that arrived on <c>P/instruments/{id}/{subtopic}</c> so far, oldest first.</summary>
    public IReadOnlyList<JsonNode> All(string subtopic)
    {
        var topic = $"{Prefix}/{subtopic}";
        lock (_seen)
        {
            while (_received.Reader.TryRead(out var item))
            {
                _seen.Add(item);
            }

            return _seen.Where(s => s.Topic == topic && s.Payload is not null).Select(s => s.Payload!).ToList();
        }
    }

    /// <summary>Drops the connection without DISCONNECT, as a crashed agent would: the broker sends its will.</summary>
    public void Kill() => _client.Dispose();

    /// <summary>Measurement ids the hub has acknowledged as stored so far.</summary>
    public IReadOnlyCollection<string> StoredMeasurements => _stored.Keys.ToList();

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
