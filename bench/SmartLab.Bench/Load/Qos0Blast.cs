namespace SmartLab.Bench.Load;

/// <summary>
/// QoS 0 publishing as fast as each connection's socket takes it: batches of messages per write, one task per lane.
/// Nothing is acknowledged, so TCP flow control is the only brake and the sink's count is the only proof of delivery.
/// </summary>
public sealed class Qos0Blast(IReadOnlyList<PublisherLane> lanes, int batch = 64)
{
    readonly List<Task> _tasks = [];
    volatile bool _running;

    public long Sent => lanes.Sum(l => l.Sent);

    public void Start()
    {
        _running = true;
        foreach (var lane in lanes)
        {
            _tasks.Add(Task.Run(async () =>
            {
                while (_running && lane.Connection.IsOpen)
                {
                    for (var i = 0; i < batch; i++)
                    {
                        lane.Append(0);
                    }

                    await lane.FlushAsync().ConfigureAwait(false);
                }
            }));
        }
    }

    public async Task StopAsync()
    {
        _running = false;
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        _tasks.Clear();
    }
}
