namespace SmartLab.Bench.Load;

/// <summary>Instrument agents as protocol v1 wants them: client id = user name = instrument id, then a retained birth.</summary>
public static class Agents
{
    /// <summary>Keep-alive announced by every generator connection; <see cref="KeepAlivePinger"/> keeps quiet ones alive.</summary>
    public const ushort KeepAliveSeconds = 60;

    public static string Topic(string instrumentId, string kind) => $"smartlab/v1/instruments/{instrumentId}/{kind}";

    public static string Birth() =>
        $$"""{"v":1,"online":true,"session":1,"status":"idle","profile":{"id":"xrd-powder","version":"1.0.0"},"agent":{"name":"smartlab-bench","version":"1"},"ts":"{{WallClock.Now()}}"}""";

    /// <summary>
    /// Connects one agent per instrument (<paramref name="parallel"/> at a time) and publishes its birth. A null secret
    /// connects without credentials (Mosquitto's anonymous listener). Load connections are driven by <paramref name="loop"/>;
    /// without one a connection runs its own receive loop (idle instruments).
    /// </summary>
    public static async Task<List<MqttConnection>> ConnectAsync(int port, IReadOnlyList<(string Id, string? Secret)> instruments,
        int parallel, GeneratorLoop? loop, CancellationToken cancellationToken)
    {
        var connections = new MqttConnection[instruments.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, instruments.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var (id, secret) = instruments[i];
                var connection = await MqttConnection.ConnectAsync(port, id, secret is null ? null : id, secret, KeepAliveSeconds, loop, token)
                    .ConfigureAwait(false);
                await connection.PublishAsync(Topic(id, "state"), Birth(), qos: 1, retain: true, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                connections[i] = connection;
            }).ConfigureAwait(false);
        return [.. connections];
    }

    /// <summary>Connects subscribers and subscribes each to <paramref name="filter"/>.</summary>
    public static async Task<List<MqttConnection>> SubscribeAsync(int port, IReadOnlyList<string> clientIds, string? username, string? password,
        string filter, int qos, int parallel, GeneratorLoop loop, CancellationToken cancellationToken)
    {
        var connections = new MqttConnection[clientIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, clientIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var connection = await MqttConnection.ConnectAsync(port, clientIds[i], username, password, KeepAliveSeconds, loop, token)
                    .ConfigureAwait(false);
                await connection.SubscribeAsync(filter, qos, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                connections[i] = connection;
            }).ConfigureAwait(false);
        return [.. connections];
    }

    public static async Task CloseAsync(IEnumerable<MqttConnection> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
