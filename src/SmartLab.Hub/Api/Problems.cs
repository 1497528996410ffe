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
