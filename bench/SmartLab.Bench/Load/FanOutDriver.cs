namespace SmartLab.Bench.Load;

/// <summary>
/// One publisher and many subscribers with an end-to-end window: the publisher sends QoS 0 telemetry only while the
/// slowest subscriber is fewer than <c>window</c> messages behind. The broker's delivery rate sets the pace, and no
/// subscriber queue can grow past the window, so every lost message is a real loss, not an overflowed queue. Runs on
/// the generator loop.
/// </summary>
public sealed class FanOutDriver(GeneratorLoop loop, PublisherLane publisher, SinkLoad sink, int window) : IPump
{
    volatile bool _running;
    long _baselineSent;
    long _baselineDelivered;

    public long Sent => publisher.Sent;

    public Task StartAsync() => loop.InvokeAsync(() =>
    {
        _baselineSent = publisher.Sent;
        _baselineDelivered = sink.MinReceived;
        _running = true;
    }).ContinueWith(_ => loop.AddPumpAsync(this), TaskScheduler.Default).Unwrap();

    public bool Pump()
    {
        if (!_running || publisher.Connection.IsBackedUp)
        {
            return false;
        }

        var behind = (publisher.Sent - _baselineSent) - (sink.MinReceived - _baselineDelivered);
        var allowed = Math.Min(window - behind, 64);
        if (allowed <= 0)
        {
            return false;
        }

        for (var i = 0; i < allowed; i++)
        {
            publisher.Append(0);
        }

        publisher.Flush();
        return true;
    }

    public async Task StopAsync()
    {
        _running = false;
        await loop.RemovePumpAsync(this).ConfigureAwait(false);
    }
}
