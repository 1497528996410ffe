using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SmartLab.Hub.Jobs;

/// <summary>
/// In-process fan-out of job changes to whoever watches one job (SSE streams, result long-polls) and to the webhook
/// sender. Each watcher has a small bounded buffer that drops the oldest progress report when full: a slow client
/// never slows the job service, and transitions are also readable from the job's stored history.
/// </summary>
public sealed class JobEvents
{
    readonly ConcurrentDictionary<string, ImmutableWatchers> _watchers = new(StringComparer.Ordinal);
    readonly Channel<JobChange> _notifications = Channel.CreateBounded<JobChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Transitions for the webhook sender.</summary>
    public ChannelReader<JobChange> Notifications => _notifications.Reader;

    public Watch Subscribe(string jobId)
    {
        var channel = Channel.CreateBounded<JobChange>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        _watchers.AddOrUpdate(jobId, _ => new ImmutableWatchers([channel]), (_, w) => new ImmutableWatchers([.. w.Channels, channel]));
        return new Watch(channel.Reader, () =>
        {
            while (_watchers.TryGetValue(jobId, out var current))
            {
                var remaining = current.Channels.Where(c => c != channel).ToArray();
                if (remaining.Length == 0 ? _watchers.TryRemove(new KeyValuePair<string, ImmutableWatchers>(jobId, current))
                    : _watchers.TryUpdate(jobId, new ImmutableWatchers(remaining), current))
                {
                    break;
                }
            }
        });
    }

    public void Publish(JobChange change)
    {
        if (_watchers.TryGetValue(change.Job.Id, out var watchers))
        {
            foreach (var channel in watchers.Channels)
            {
                channel.Writer.TryWrite(change);
            }
        }

        if (change.Kind == "transition")
        {
            _notifications.Writer.TryWrite(change);
        }
    }

    sealed record ImmutableWatchers(Channel<JobChange>[] Channels);

    /// <summary>One subscription; dispose to stop watching.</summary>
    public sealed class Watch(ChannelReader<JobChange> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<JobChange> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
