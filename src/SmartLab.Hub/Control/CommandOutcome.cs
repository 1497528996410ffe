using System.Text.Json;

namespace SmartLab.Hub.Control;

/// <summary>What became of a command: the agent's result, or a refusal with the status code it deserves.</summary>
public sealed record CommandOutcome
{
    public string? CommandId { get; init; }
    public JsonElement? Result { get; init; }
    public double LatencyMs { get; init; }
    public int Attempts { get; init; }

    public int Status { get; init; } = 200;
    public string? Code { get; init; }
    public string? Message { get; init; }
    public string? Field { get; init; }

    public bool Ok => Code is null;

    public static CommandOutcome Refused(int status, string code, string message, string? field = null) =>
        new() { Status = status, Code = code, Message = message, Field = field };
}
