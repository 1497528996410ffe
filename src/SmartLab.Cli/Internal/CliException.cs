namespace SmartLab.Cli.Internal;

/// <summary>A failure the user can act on: its message is printed as one <c>error:</c> line and the command exits with <see cref="ExitCode"/>.</summary>
internal class CliException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
