namespace SmartLab.Cli.Internal;

/// <summary>Bad arguments or local setup (no token, unreadable file): nothing reached the hub.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : CliException(message, ExitCodes.Usage, inner);
