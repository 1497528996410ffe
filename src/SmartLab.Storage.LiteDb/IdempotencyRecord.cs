namespace SmartLab.Storage.LiteDb;

/// <summary>What a create request with an <c>Idempotency-Key</c> produced, so a repeat returns it instead of creating again.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Caller, scope and key.</summary>
    public string Id { get; set; } = "";

    /// <summary>Hash of the request body: the same key with a different body is a client error, not a repeat.</summary>
    public string Fingerprint { get; set; } = "";
    public List<string> ResultIds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public static string Key(string caller, string scope, string key) => $"{caller}\n{scope}\n{key}";
}

/// <summary>Result of an idempotent create: the new (or earlier) ids, or a key reused with a different request.</summary>
public sealed record IdempotentOutcome(IReadOnlyList<string> Ids, bool Repeated, bool KeyConflict);
