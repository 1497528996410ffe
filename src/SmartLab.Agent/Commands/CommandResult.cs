using System.Text.Json;
using SmartLab.Agent.Internal;
using SmartLab.Contracts.Payloads;

namespace SmartLab.Agent.Commands;

/// <summary>The outcome of a command handler: becomes the reply's <c>status</c>, <c>result</c> and <c>error</c>.</summary>
public sealed record CommandResult
{
    CommandResult(CommandOutcome outcome, JsonElement? result, ErrorInfo? error)
    {
        Outcome = outcome;
        Result = result;
        Error = error;
    }

    /// <summary>Completed, rejected or failed.</summary>
    public CommandOutcome Outcome { get; }

    /// <summary>Result object of a completed command, if any.</summary>
    public JsonElement? Result { get; }

    /// <summary>Why a command was rejected or failed.</summary>
    public ErrorInfo? Error { get; }

    /// <summary>
    /// The command was carried out. <paramref name="result"/> may be null, a <see cref="JsonElement"/>, or a dictionary of
    /// plain values (numbers, booleans, strings, arrays), for example <c>new Dictionary&lt;string, object?&gt; { ["voltage"] = 40.0 }</c>.
    /// </summary>
    public static CommandResult Completed(object? result = null) =>
        new(CommandOutcome.Completed, result is null ? null : JsonValues.ToElement(result), null);

    /// <summary>The command was refused and nothing was done; <paramref name="code"/> is machine-readable, <paramref name="message"/> says what to change.</summary>
    public static CommandResult Rejected(string code, string message) =>
        new(CommandOutcome.Rejected, null, new ErrorInfo(code, message));

    /// <summary>The command was tried and went wrong.</summary>
    public static CommandResult Failed(string code, string message) =>
        new(CommandOutcome.Failed, null, new ErrorInfo(code, message));
}
