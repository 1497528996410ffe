using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Http;

/// <summary>No answer from the hub: connection refused, name not resolved, TLS failure or timeout.</summary>
internal sealed class HubUnreachableException(Uri url, string reason, Exception? inner = null)
    : CliException($"cannot reach the hub at {url}: {reason}", ExitCodes.Unreachable, inner);
