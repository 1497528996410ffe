using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SmartLab.Bench.Load;

/// <summary>
/// Tube furnaces publishing telemetry at a steady rate (QoS 0), each on its own timer, staggered so the instruments do
/// not all publish in the same millisecond. Every reading's <c>ts</c> (milliseconds, as the protocol has it) is kept
/// with the monotonic time it was sent, so a listener that gets the reading back measures its delivery latency from
/// the exact send moment instead of the millisecond-truncated timestamp.
/// </summary>
public sealed class SseTelemetrySource
{
    readonly IReadOnlyList<MqttConnection> _connections;
    readonly ConcurrentDictionary<long, long>[] _sent;
    readonly long[] _published;
    readonly TimeSpan _period;
    CancellationTokenSource? _stop;
    Task[] _publishers = [];
    long _recordFrom = long.MaxValue;
    long _recordUntil = long.MaxValue;

    public SseTelemetrySource(IReadOnlyList<MqttConnection> connections, double hertz)
    {
        _connections = connections;
        _sent = [.. connections.Select(_ => new ConcurrentDictionary<long, long>())];
        _published = new long[connections.Count];
        _period = TimeSpan.FromSeconds(1 / hertz);
    }

    /// <summary>Delivery latencies of readings sent while recording (see <see cref="StartRecording"/>).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Readings published by instrument <paramref name="index"/>.</summary>
    public long Published(int index) => Interlocked.Read(ref _published[index]);

    public long PublishedTotal => Enumerable.Range(0, _published.Length).Sum(Published);

    public void Start()
    {
        _stop = new CancellationTokenSource();
        var stagger = _period / _connections.Count;
        _publishers = [.. _connections.Select((connection, i) => Task.Run(() => PublishAsync(i, stagger * i, _stop.Token)))];
    }

    /// <summary>Readings sent from now on count towards <see cref="Latency"/>.</summary>
    public void StartRecording() => Interlocked.Exchange(ref _recordFrom, Stopwatch.GetTimestamp());

    public void StopRecording() => Interlocked.Exchange(ref _recordUntil, Stopwatch.GetTimestamp());

    public async Task StopAsync()
    {
        await (_stop?.CancelAsync() ?? Task.CompletedTask).ConfigureAwait(false);
        await Task.WhenAll(_publishers).ConfigureAwait(false);
        _stop?.Dispose();
    }

    async Task PublishAsync(int index, TimeSpan offset, CancellationToken cancellationToken)
    {
        var connection = _connections[index];
        var topic = Encoding.UTF8.GetBytes(Agents.Topic(connection.ClientId, "telemetry"));
        var buffer = new byte[MqttWire.PublishOverhead(topic.Length) + 256];
        long seq = 0;
        try
        {
            await Task.Delay(offset, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(_period, TimeProvider.System);
            do
            {
                var now = TimeProvider.System.GetUtcNow();
                var millisecond = now.ToUnixTimeMilliseconds();
                var payload = Encoding.UTF8.GetBytes(Reading(++seq, DateTimeOffset.FromUnixTimeMilliseconds(millisecond)));
                var length = MqttWire.WritePublish(buffer, topic, 0, false, 0, payload);
                _sent[index][millisecond] = Stopwatch.GetTimestamp();
                connection.Send(buffer.AsSpan(0, length));
                Interlocked.Increment(ref _published[index]);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Five channels of <c>tube-furnace</c>, all inside the profile's ranges, the temperature moving a little.</summary>
    static string Reading(long seq, DateTimeOffset ts) => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"v":1,"seq":{{{seq}}},"ts":"{{{ts:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}","values":{"temperature":{{{299.5 + (seq % 10 / 10.0):0.0}}},"setpoint":300.0,"heaterPower":42.5,"gasFlow":100.0,"doorClosed":true}}""");

    /// <summary>
    /// A listener got instrument <paramref name="index"/>'s reading stamped <paramref name="ts"/> at <paramref name="receivedTicks"/>;
    /// false when no such reading was sent.
    /// </summary>
    public bool Delivered(int index, DateTimeOffset ts, long receivedTicks)
    {
        if (!_sent[index].TryGetValue(ts.ToUnixTimeMilliseconds(), out var sent))
        {
            return false;
        }

        if (sent >= Interlocked.Read(ref _recordFrom) && sent < Interlocked.Read(ref _recordUntil))
        {
            Latency.RecordTicks(receivedTicks - sent);
        }

        return true;
    }
}
