using SmartLab.Contracts.Api;

namespace SmartLab.Loop.Runner.Internal;

/// <summary>
/// Sends the loop's status to the hub in the background, one report at a time and always the latest: a change while a
/// report is on its way leads to one more report, never to a queue. Reporting is a courtesy to the people following the
/// loop, so a failure is said once and never stops the loop; a hub without the loops endpoint (404) is not asked again.
/// Reports are at least <see cref="MinInterval"/> apart: a report carries every experiment, and a long loop's would
/// otherwise cost the hub more than its jobs do.
/// </summary>
internal sealed class StatusReporter(LoopHubClient hub, string name, Func<LoopStatusReport> snapshot, Action<string> warn, TimeProvider time)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    readonly Lock _gate = new();
    long _lastSent = long.MinValue;
    Task _sending = Task.CompletedTask;
    bool _pending;
    bool _disabled;
    bool _warned;

    /// <summary>Asks for a report of the state as it will be when the report is sent.</summary>
    public void Poke()
    {
        lock (_gate)
        {
            if (_disabled || _pending)
            {
                return;
            }

            _pending = true;
            _sending = _sending.ContinueWith(_ => SendAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for the reports asked for so far.</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        Task sending;
        lock (_gate)
        {
            sending = _sending;
        }

        await Task.WhenAny(sending, Task.Delay(timeout, time)).ConfigureAwait(false);
    }

    async Task SendAsync()
    {
        if (_lastSent != long.MinValue && MinInterval - time.GetElapsedTime(_lastSent) is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, time).ConfigureAwait(false);
        }

        lock (_gate)
        {
            _pending = false;
        }

        // Taken outside this reporter's lock: the snapshot takes the runner's, which may be held by a caller of Poke.
        var report = snapshot();
        _lastSent = time.GetTimestamp();
        try
        {
            await hub.ReportLoopAsync(name, report).ConfigureAwait(false);
        }
        catch (LoopHubException e)
        {
            lock (_gate)
            {
                _disabled |= e.StatusCode == 404;
                if (_warned)
                {
                    return;
                }

                _warned = true;
            }

            warn($"the hub did not take the loop's status report (the loop goes on; its jobs are the record): {e.Message}");
        }
    }
}
