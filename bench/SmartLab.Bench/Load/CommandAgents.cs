namespace SmartLab.Bench.Load;

/// <summary>
/// Tube-furnace agents for the commands benchmark: logged in as protocol v1 wants (client id = user name = instrument
/// id), born idle with profile <c>tube-furnace@1.0.0</c>. They use ordinary asynchronous sockets: a command benchmark
/// exchanges few messages, and the HTTP client on the generator core must not wait behind a thread that never sleeps.
/// </summary>
public static class CommandAgents
{
    public static string Birth() =>
        $$"""{"v":1,"online":true,"session":1,"status":"idle","profile":{"id":"tube-furnace","version":"1.0.0"},"agent":{"name":"smartlab-bench","version":"1"},"ts":"{{WallClock.Now()}}"}""";

    /// <summary>Connects one agent per instrument, publishes its birth and, if asked, subscribes it to its commands.</summary>
    public static async Task<List<MqttConnection>> ConnectAsync(int port, IReadOnlyList<(string Id, string? Secret)> instruments,
        bool subscribeCommands, CancellationToken cancellationToken)
    {
        var connections = new MqttConnection[instruments.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, instruments.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var (id, secret) = instruments[i];
                var connection = await MqttConnection.ConnectAsync(port, id, secret is null ? null : id, secret, Agents.KeepAliveSeconds, null, token)
                    .ConfigureAwait(false);
                await connection.PublishAsync(Agents.Topic(id, "state"), Birth(), qos: 1, retain: true, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                if (subscribeCommands)
                {
                    await connection.SubscribeAsync(Agents.Topic(id, "commands"), 1, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                }

                connections[i] = connection;
            }).ConfigureAwait(false);
        return [.. connections];
    }
}
