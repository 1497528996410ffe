namespace SmartLab.Bench.Load;

/// <summary>
/// QoS 0 publishing as fast as each connection's socket takes it: a batch of messages per write whenever a lane's
/// previous batch has left. Nothing is acknowledged, so TCP flow control is the only brake and the sink's count is the
/// only proof of delivery. Runs on the generator loop.
/// </summary>
public sealed class Qos0Blast(GeneratorLoop loop, IReadOnlyList<PublisherLane> lanes, int batch = 64) : IPump
{
    volatile bool _running;

    public long Sent => lanes.Sum(l => l.Sent);

    public Task StartAsync()
    {
        _running = true;
        return loop.AddPumpAsync(this);
    }

    public bool Pump()
    {
        if (!_running)
        {
            return false;
        }

        var progress = false;
        foreach (var lane in lanes)
        {
            if (lane.Connection.IsBackedUp || !lane.Connection.IsOpen)
            {
                continue;
            }

            for (var i = 0; i < batch; i++)
            {
                lane.Append(0);
            }

            lane.Flush();
            progress = true;
        }

        return progress;
    }

    public async Task StopAsync()
    {
        _running = false;
        await loop.RemovePumpAsync(this).ConfigureAwait(false);

        // Whatever is still in the outboxes was counted as sent: let the loop write it out.
        while (lanes.Any(l => l.Connection.IsBackedUp && l.Connection.IsOpen))
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
