using System.Diagnostics;

namespace SmartLab.Bench.Load;

/// <summary>
/// QoS 1 publishing on many lanes, either saturating (each lane keeps a fixed number of publishes in flight and sends
/// a new one for every PUBACK, so the broker sets the pace) or paced (a fixed total rate, for latency at equal load).
/// Publish→PUBACK latency is recorded while <see cref="Recording"/> is on.
/// </summary>
public sealed class Qos1Load : IMqttLoad
{
    readonly IReadOnlyList<PublisherLane> _lanes;
    volatile bool _replenish;
    volatile bool _recording;
    volatile bool _pacing;
    Thread? _pacer;

    public Qos1Load(IReadOnlyList<PublisherLane> lanes) => _lanes = lanes;

    public LatencyHistogram Latency { get; private set; } = new();

    public bool Recording
    {
        get => _recording;
        set
        {
            if (value && !_recording)
            {
                Latency = new LatencyHistogram();
            }

            _recording = value;
        }
    }

    public long Acked => _lanes.Sum(l => l.Acked);
    public long Rejected => _lanes.Sum(l => l.Rejected);
    public long Sent => _lanes.Sum(l => l.Sent);

    /// <summary>Attaches to every lane's connection and fills each lane's window.</summary>
    public void StartSaturating(int window)
    {
        _replenish = true;
        foreach (var lane in _lanes)
        {
            Attach(lane);
            lock (lane.Gate)
            {
                for (var i = 0; i < Math.Min(window, (int)lane.Connection.ReceiveMaximum); i++)
                {
                    lane.Append(1);
                }

                lane.Flush();
            }
        }
    }

    /// <summary>Sends <paramref name="messagesPerSecond"/> in total, spread evenly over the lanes, from one pacing thread.</summary>
    public void StartPaced(double messagesPerSecond, int window)
    {
        foreach (var lane in _lanes)
        {
            Attach(lane);
        }

        _pacing = true;
        var perLane = messagesPerSecond / _lanes.Count;
        _pacer = new Thread(() => Pace(perLane, window)) { IsBackground = true, Name = "bench-pacer" };
        _pacer.Start();
    }

    void Pace(double perLane, int window)
    {
        var start = Stopwatch.GetTimestamp();
        var scheduled = new long[_lanes.Count];
        while (_pacing)
        {
            var due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * perLane);
            for (var i = 0; i < _lanes.Count; i++)
            {
                var lane = _lanes[i];
                var room = Math.Min(window, (int)lane.Connection.ReceiveMaximum) - lane.InFlight;
                var count = (int)Math.Min(due - scheduled[i], room);
                if (count <= 0)
                {
                    continue;
                }

                lock (lane.Gate)
                {
                    for (var k = 0; k < count; k++)
                    {
                        lane.Append(1);
                    }

                    lane.Flush();
                }

                scheduled[i] += count;
            }

            Thread.Sleep(1);
        }
    }

    void Attach(PublisherLane lane)
    {
        lane.Connection.Tag = lane;
        lane.Connection.Attach(this);
    }

    /// <summary>Stops sending new publishes and waits until every one in flight is acknowledged (or the timeout passes).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        _replenish = false;
        _pacing = false;
        _pacer?.Join();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (_lanes.Any(l => l.InFlight > 0 && l.Connection.IsOpen) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        Recording = false;
        var unacknowledged = _lanes.Sum(l => l.InFlight);
        foreach (var lane in _lanes)
        {
            lane.Connection.Attach(null);
        }

        return unacknowledged;
    }

    public void OnPubAck(MqttConnection connection, ushort packetId, byte reason)
    {
        var lane = (PublisherLane)connection.Tag!;
        var ticks = lane.Acknowledge(packetId, reason);
        if (_recording)
        {
            Latency.RecordTicks(ticks);
        }

        if (_replenish)
        {
            lock (lane.Gate)
            {
                lane.Append(1);
            }
        }
    }

    public void OnPublish(MqttConnection connection, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, ushort packetId)
    {
        if (qos > 0)
        {
            Span<byte> ack = stackalloc byte[4];
            MqttWire.WritePubAck(ack, packetId);
            connection.Send(ack);
        }
    }

    public void OnReceived(MqttConnection connection)
    {
        var lane = (PublisherLane)connection.Tag!;
        if (lane.Buffered > 0)
        {
            lock (lane.Gate)
            {
                lane.Flush();
            }
        }
    }
}
