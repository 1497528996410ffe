namespace SmartLab.Hub.Ingest;

/// <summary>Why a message was refused: a stable code and a sentence the agent's author can act on.</summary>
public sealed record Rejection(string Code, string Message)
{
    public static Rejection InvalidPayload(string? field, string message) =>
        new("invalid_payload", field is null ? message : $"{message} (field `{field}`)");
}
