namespace SmartLab.Bench.Load;

/// <summary>
/// One publisher and many subscribers with an end-to-end window: the publisher sends QoS 0 telemetry only while the
/// slowest subscriber is fewer than <c>window</c> messages behind. The broker's delivery rate sets the pace, and no
/// subscriber queue can grow past the window, so every lost message is a real loss, not an overflowed queue.
/// </summary>
public sealed class FanOutDriver
{
    readonly PublisherLane _publisher;
    readonly SinkLoad _sink;
    readonly int _window;
    readonly int _subscribers;
    readonly SemaphoreSlim _wake = new(0);
    int _waiting;
    volatile bool _running;
    Task? _loop;

    public FanOutDriver(PublisherLane publisher, SinkLoad sink, int window)
    {
        _publisher = publisher;
        _sink = sink;
        _window = window;
        _subscribers = sink.Connections.Count;
        sink.Progress = Poke;
    }

    public long Sent => _publisher.Sent;

    public void Start()
    {
        _running = true;
        _loop = Task.Run(RunAsync);
    }

    async Task RunAsync()
    {
        var baseline = _publisher.Sent;
        var delivered = _sink.MinReceived;
        while (_running && _publisher.Connection.IsOpen)
        {
            var allowed = _sink.MinReceived - delivered + _window - (_publisher.Sent - baseline);
            if (allowed <= 0)
            {
                Volatile.Write(ref _waiting, 1);
                if (_sink.MinReceived - delivered + _window - (_publisher.Sent - baseline) <= 0)
                {
                    await _wake.WaitAsync(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                }

                Volatile.Write(ref _waiting, 0);
                continue;
            }

            for (var i = 0; i < Math.Min(allowed, 64); i++)
            {
                _publisher.Append(0);
            }

            await _publisher.FlushAsync().ConfigureAwait(false);
        }
    }

    void Poke()
    {
        if (Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _wake.Release();
        }
    }

    public async Task StopAsync()
    {
        _running = false;
        Poke();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }
    }

    /// <summary>Deliveries still owed: every subscriber should have every message the publisher sent.</summary>
    public long Missing(long subscribersReceivedBefore, long sentBefore) =>
        ((_publisher.Sent - sentBefore) * _subscribers) - (_sink.Received - subscribersReceivedBefore);
}
