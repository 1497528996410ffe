using System.Text.Json;

namespace SmartLab.Contracts.Payloads;

/// <summary>A command request from the hub on <c>P/instruments/{id}/commands</c>.</summary>
public sealed record CommandRequest
{
    public int V { get; init; } = 1;
    public required string CommandId { get; init; }
    public required string Name { get; init; }
    public JsonElement? Parameters { get; init; }
    public string? IssuedBy { get; init; }
    public string? JobId { get; init; }
    public required string ReplyTo { get; init; }
    public DateTimeOffset? Deadline { get; init; }
}

/// <summary>An agent's answer to a command, on the request's <c>replyTo</c> topic.</summary>
public sealed record CommandReply
{
    public int V { get; init; } = 1;
    public required string CommandId { get; init; }

    /// <summary>completed, rejected or failed.</summary>
    public required string Status { get; init; }
    public JsonElement? Result { get; init; }
    public ErrorInfo? Error { get; init; }
}

/// <summary>A machine-readable code and a sentence a person can act on.</summary>
public sealed record ErrorInfo(string Code, string Message);
