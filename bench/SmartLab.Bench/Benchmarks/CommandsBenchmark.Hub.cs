using System.Net.Http.Headers;
using SmartLab.Bench.Load;
using SmartLab.Bench.Peers;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class CommandsBenchmark
{
    /// <summary>
    /// One hub for both parts: a commanded tube furnace and <see cref="TelemetryInstruments"/> publishing ones, all
    /// registered by the admin and online and idle before anything is timed. Commands run first, so their warm-up also
    /// warms the hub for the telemetry part; without the hub's remote-control API the command part is reported as an
    /// error and the telemetry part still runs.
    /// </summary>
    static async Task<(CommandRun? Commands, TelemetryRun Telemetry, string? CommandError)> HubAsync(BenchContext context,
        CancellationToken cancellationToken)
    {
        await using var hub = await HubPeer.StartAsync(context, Benchmark).ConfigureAwait(false);
        var adminToken = (await File.ReadAllTextAsync(Path.Combine(hub.DataDirectory, "admin-token"), cancellationToken).ConfigureAwait(false)).Trim();
        var staffToken = await hub.CreateAccountAsync("bench-staff", "staff").ConfigureAwait(false);
        using var client = new CommandHubClient(hub.BaseAddress, adminToken, staffToken);
        var telemetryIds = Enumerable.Range(0, TelemetryInstruments).Select(TelemetryId).ToList();
        var registered = await client.RegisterAsync([Furnace, .. telemetryIds], "tube-furnace").ConfigureAwait(false);

        var responder = new CommandResponder();
        var agent = (await CommandAgents.ConnectAsync(hub.MqttPort, registered[..1], subscribeCommands: true, cancellationToken).ConfigureAwait(false))[0];
        responder.Add(agent);
        var publishers = await CommandAgents.ConnectAsync(hub.MqttPort, registered[1..], subscribeCommands: false, cancellationToken).ConfigureAwait(false);
        using var pinger = new KeepAlivePinger();
        pinger.Add([agent, .. publishers]);
        await client.WaitIdleAsync([Furnace, .. telemetryIds], TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        CommandRun? commands = null;
        string? error = null;
        try
        {
            commands = await HubCommandsAsync(context, hub, client, responder).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException)
        {
            error = ex.Message;
            BenchContext.Log($"  commands through the hub failed: {ex.Message}\n{hub.Tail()}");
        }

        var telemetry = await HubTelemetryAsync(context, hub, staffToken, publishers).ConfigureAwait(false);
        await Agents.CloseAsync([agent, .. publishers]).ConfigureAwait(false);
        return (commands, telemetry, error);
    }

    static async Task<CommandRun> HubCommandsAsync(BenchContext context, HubPeer hub, CommandHubClient client, CommandResponder responder)
    {
        var leaseId = await client.AcquireLeaseAsync(Furnace).ConfigureAwait(false);
        long repeated = 0;
        var run = await TimeCommandsAsync(context, hub.Pid, context.PeerWarmup, async () =>
        {
            var (ticks, hubMs, attempts) = await client.SendAsync(Furnace, leaseId, Command, Parameters).ConfigureAwait(false);
            repeated += attempts > 1 ? 1 : 0;
            return (ticks, (long)(hubMs * 1e6));
        }, () => responder.Answered).ConfigureAwait(false);
        run = run with { Repeated = repeated };
        await client.ReleaseLeaseAsync(Furnace, leaseId).ConfigureAwait(false);
        Log(HubPeer.Name, "HTTP round trip", run.RoundTrip, run);
        Log(HubPeer.Name, "MQTT leg (latencyMs)", run.Inner, run);
        return run;
    }

    static async Task<TelemetryRun> HubTelemetryAsync(BenchContext context, HubPeer hub, string staffToken, IReadOnlyList<MqttConnection> publishers)
    {
        var source = new SseTelemetrySource(publishers, TelemetryHertz);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = hub.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", staffToken);
        var clients = Enumerable.Range(0, Listeners).Select(i => new SseClient(http, TelemetryId(InstrumentOf(i)), InstrumentOf(i), source)).ToList();
        using var stop = new CancellationTokenSource();
        var streams = clients.Select(c => Task.Run(() => c.RunAsync(stop.Token))).ToList();
        try
        {
            await Task.WhenAll(clients.Select(c => c.Connected)).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            var before = await hub.CountersAsync().ConfigureAwait(false);
            var run = await TimeTelemetryAsync(context, hub.Pid, source, () => [.. clients.Select(c => c.Events)],
                [.. clients.Select(c => c.InstrumentIndex)], async () => (await hub.CountersAsync().ConfigureAwait(false)).TelemetrySeen - before.TelemetrySeen)
                .ConfigureAwait(false);
            var after = await hub.CountersAsync().ConfigureAwait(false);
            run = run with
            {
                Accepted = after.TelemetryAccepted - before.TelemetryAccepted,
                Rejected = after.TelemetryRejected - before.TelemetryRejected,
                Unknown = clients.Sum(c => c.Unknown),
            };
            Log(HubPeer.Name, "SSE clients", run);
            return run;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(streams).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
            }
        }
    }
}
