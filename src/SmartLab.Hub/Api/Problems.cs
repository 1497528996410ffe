using Microsoft.AspNetCore.Http;

namespace SmartLab.Hub.Api;

/// <summary>RFC 9457 problem responses with a stable <c>code</c> and, where there is one, the offending <c>field</c>.</summary>
public static class Problems
{
    public static IResult Invalid(string field, string code, string detail) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request", code, detail, field);

    /// <summary>Every list takes <c>limit</c> between 1 and 1000; null when the given one is fine.</summary>
    public static IResult? CheckLimit(int? limit) =>
        limit is < 1 or > 1000 ? Invalid("limit", "out_of_range", $"limit = {limit} must be between 1 and 1000") : null;

    const int MaxIdempotencyKey = 200;

    /// <summary>Reads the optional <c>Idempotency-Key</c> header; a problem when it is present but unusable.</summary>
    public static IResult? IdempotencyKey(HttpRequest http, out string? key)
    {
        key = http.Headers["Idempotency-Key"].FirstOrDefault();
        return key is { Length: 0 or > MaxIdempotencyKey }
            ? Invalid("Idempotency-Key", "invalid_idempotency_key", $"Idempotency-Key must be 1 to {MaxIdempotencyKey} characters")
            : null;
    }

    /// <summary>The answer to a key that was first used for a different request.</summary>
    public static IResult IdempotencyKeyReused() =>
        Create(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", "idempotency_key_reused",
            "this Idempotency-Key was already used for a different request; use a new key for a new request", "Idempotency-Key");

    public static IResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "Not found", "not_found", $"{what} does not exist");

    public static IResult Conflict(string code, string detail, string? field = null) =>
        Create(StatusCodes.Status409Conflict, "Conflict", code, detail, field);

    public static IResult Create(int status, string title, string code, string detail, string? field = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://smartlab.dev/problems/{code}",
            extensions: extensions);
    }
}
