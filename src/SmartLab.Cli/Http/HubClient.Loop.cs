using SmartLab.Loop.Runner;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    /// <summary>
    /// A loop runner's client over this one's connection, hub URL and token. The runner follows many jobs at once over
    /// event streams and retries for longer than a single command would, so it brings its own HTTP calls.
    /// </summary>
    public LoopHubClient ForLoop() => new(_http, time: _time);
}
