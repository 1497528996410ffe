using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class CommandsBenchmark
{
    const string Requester = "bench.requester";

    /// <summary>
    /// The same two exchanges through Mosquitto with the same client code: a requester that stands where the hub's
    /// command service stands, the same instant agent, and MQTT subscribers in place of the SSE listeners.
    /// </summary>
    static async Task<(CommandRun Commands, TelemetryRun Telemetry)> MosquittoAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using var mosquitto = await MosquittoPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var responder = new CommandResponder();
        var agent = (await CommandAgents.ConnectAsync(mosquitto.Port, [(Furnace, null)], subscribeCommands: true, cancellationToken).ConfigureAwait(false))[0];
        responder.Add(agent);
        var requesterConnection = await MqttConnection.ConnectAsync(mosquitto.Port, Requester, null, null, Agents.KeepAliveSeconds, null, cancellationToken)
            .ConfigureAwait(false);
        var replies = Agents.Topic(Furnace, "replies");
        await requesterConnection.SubscribeAsync(replies, 1, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var requester = new CommandRequester(requesterConnection, Agents.Topic(Furnace, "commands"), replies);

        var publishers = await CommandAgents.ConnectAsync(mosquitto.Port, [.. Enumerable.Range(0, TelemetryInstruments).Select(i => (TelemetryId(i), (string?)null))],
            subscribeCommands: false, cancellationToken).ConfigureAwait(false);
        var listeners = new List<MqttConnection>();
        var sink = new SseTelemetrySource(publishers, TelemetryHertz);
        var mqttListeners = new SseMqttListeners(sink);
        for (var i = 0; i < Listeners; i++)
        {
            var listener = await MqttConnection.ConnectAsync(mosquitto.Port, $"bench.listener-{i:D2}", null, null, Agents.KeepAliveSeconds, null, cancellationToken)
                .ConfigureAwait(false);
            await listener.SubscribeAsync(Agents.Topic(TelemetryId(InstrumentOf(i)), "telemetry"), 0, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            mqttListeners.Add(listener, InstrumentOf(i));
            listeners.Add(listener);
        }

        using var pinger = new KeepAlivePinger();
        pinger.Add([agent, requesterConnection, .. publishers, .. listeners]);

        var commands = await TimeCommandsAsync(context, mosquitto.Pid, context.Warmup, async () =>
        {
            var (roundTrip, wire) = await requester.RequestAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return (roundTrip, wire * 1_000_000_000 / System.Diagnostics.Stopwatch.Frequency);
        }, () => responder.Answered).ConfigureAwait(false);
        Log(MosquittoPeer.Name, "MQTT 5 round trip", commands.RoundTrip, commands);
        Log(MosquittoPeer.Name, "wire alone", commands.Inner, commands);

        var telemetry = await TimeTelemetryAsync(context, mosquitto.Pid, sink, () => [.. mqttListeners.Counts.Select(c => c.Events)],
            [.. Enumerable.Range(0, Listeners).Select(InstrumentOf)], null).ConfigureAwait(false);
        telemetry = telemetry with { Unknown = mqttListeners.Unknown };
        Log(MosquittoPeer.Name, "MQTT subscribers", telemetry);
        await Agents.CloseAsync([agent, requesterConnection, .. publishers, .. listeners]).ConfigureAwait(false);
        return (commands, telemetry);
    }
}
