using SmartLab.Loop.Runner;

namespace SmartLab.Loop.Tests.Runner;

/// <summary>Keeps every progress snapshot a runner reports (from any thread) and lets a test wait for one that matches.</summary>
internal sealed class ProgressLog : IProgress<LoopProgress>
{
    readonly Lock _gate = new();
    readonly List<LoopProgress> _reports = [];
    readonly List<(Func<LoopProgress, bool> Match, TaskCompletionSource<LoopProgress> Done)> _waiters = [];

    public IReadOnlyList<LoopProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(LoopProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
            foreach (var waiter in _waiters.Where(w => w.Match(value)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(value);
            }
        }
    }

    /// <summary>The first snapshot (already reported or still to come) that matches.</summary>
    public async Task<LoopProgress> WaitForAsync(Func<LoopProgress, bool> match, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<LoopProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_reports.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out waiting for progress: {what}");
        }
    }
}
