using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Hub.Hosting;

namespace SmartLab.Hub.Feed;

/// <summary>The configured sinks (<c>SmartLab:Feed:Sinks</c>), then any <see cref="IFeedSink"/> registered in code.</summary>
public sealed class FeedSinks : IDisposable
{
    readonly List<HttpSink> _owned = [];

    public FeedSinks(IOptions<FeedOptions> options, IOptions<HubOptions> hub, IEnumerable<IFeedSink> registered, TimeProvider time,
        ILoggerFactory loggers)
    {
        var all = new List<(IFeedSink Sink, string Type)>();
        foreach (var sink in options.Value.Sinks)
        {
            if (sink.Type == FolderSink.TypeName)
            {
                var root = Path.Combine(hub.Value.DataDirectory, sink.Path!);
                all.Add((new FolderSink(sink.EffectiveName, root, loggers.CreateLogger<FolderSink>()), sink.Type));
            }
            else
            {
                var http = new HttpSink(sink, time);
                _owned.Add(http);
                all.Add((http, sink.Type));
            }
        }

        foreach (var sink in registered)
        {
            if (all.Any(s => s.Sink.Name == sink.Name))
            {
                throw new InvalidOperationException($"feed sink name `{sink.Name}` is used twice; sink names must be unique");
            }

            all.Add((sink, sink.GetType().Name));
        }

        All = all.Select(s => s.Sink).ToList();
        Types = all.ToDictionary(s => s.Sink.Name, s => s.Type, StringComparer.Ordinal);
        Names = All.Select(s => s.Name).ToList();
    }

    public IReadOnlyList<IFeedSink> All { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Sink name → <c>folder</c>, <c>http</c> or the class name of a sink registered in code.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public void Dispose()
    {
        foreach (var sink in _owned)
        {
            sink.Dispose();
        }
    }
}
