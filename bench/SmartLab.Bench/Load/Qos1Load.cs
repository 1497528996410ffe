using System.Diagnostics;

namespace SmartLab.Bench.Load;

/// <summary>
/// QoS 1 publishing on many lanes, either saturating (each lane keeps a fixed number of publishes in flight and sends
/// a new one for every PUBACK, so the broker sets the pace) or paced (a fixed total rate spread evenly over the lanes,
/// for latency at equal load). Publish→PUBACK latency is recorded while <see cref="Recording"/> is on. Runs on the
/// generator loop.
/// </summary>
public sealed class Qos1Load(GeneratorLoop loop, IReadOnlyList<PublisherLane> lanes) : IMqttLoad, IPump
{
    volatile bool _replenish;
    volatile bool _recording;
    volatile bool _pacing;
    double _perLaneRate;
    int _window;
    long _pacingStart;
    long[] _scheduled = [];

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

    public long Acked => lanes.Sum(l => l.Acked);
    public long Rejected => lanes.Sum(l => l.Rejected);
    public long Sent => lanes.Sum(l => l.Sent);

    int Window(PublisherLane lane) => Math.Min(_window, (int)lane.Connection.ReceiveMaximum);

    /// <summary>Attaches to every lane's connection and fills each lane's window.</summary>
    public Task StartSaturatingAsync(int window) => loop.InvokeAsync(() =>
    {
        _window = window;
        _replenish = true;
        foreach (var lane in lanes)
        {
            Attach(lane);
            for (var i = 0; i < Window(lane); i++)
            {
                lane.Append(1);
            }

            lane.Flush();
        }
    });

    /// <summary>Sends <paramref name="messagesPerSecond"/> in total, spread evenly over the lanes.</summary>
    public async Task StartPacedAsync(double messagesPerSecond, int window)
    {
        await loop.InvokeAsync(() =>
        {
            foreach (var lane in lanes)
            {
                Attach(lane);
            }

            _window = window;
            _perLaneRate = messagesPerSecond / lanes.Count;
            _scheduled = new long[lanes.Count];
            _pacingStart = Stopwatch.GetTimestamp();
            _pacing = true;
        }).ConfigureAwait(false);
        await loop.AddPumpAsync(this).ConfigureAwait(false);
    }

    public bool Pump()
    {
        if (!_pacing)
        {
            return false;
        }

        var due = (long)(Stopwatch.GetElapsedTime(_pacingStart).TotalSeconds * _perLaneRate);
        var progress = false;
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            var count = Math.Min(due - _scheduled[i], Window(lane) - lane.InFlight);
            if (count <= 0)
            {
                continue;
            }

            for (var k = 0; k < count; k++)
            {
                lane.Append(1);
            }

            lane.Flush();
            _scheduled[i] += count;
            progress = true;
        }

        return progress;
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
        await loop.RemovePumpAsync(this).ConfigureAwait(false);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (lanes.Any(l => l.InFlight > 0 && l.Connection.IsOpen) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        Recording = false;
        var unacknowledged = lanes.Sum(l => l.InFlight);
        await loop.InvokeAsync(() =>
        {
            foreach (var lane in lanes)
            {
                lane.Connection.Attach(null);
            }
        }).ConfigureAwait(false);
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
            lane.Append(1);
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

    public void OnReceived(MqttConnection connection) => ((PublisherLane)connection.Tag!).Flush();
}
