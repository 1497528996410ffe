namespace SmartLab.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of <c>smartlab</c> printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
