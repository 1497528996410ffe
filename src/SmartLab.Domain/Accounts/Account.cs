namespace SmartLab.Domain.Accounts;

/// <summary>A person or an automation account that calls the HTTP API with a bearer token.</summary>
public sealed class Account
{
    /// <summary>Short login name, for example <c>alice</c>.</summary>
    public string Id { get; set; } = "";
    public string Role { get; set; } = Roles.User;
    public string? DisplayName { get; set; }

    /// <summary>SHA-256 of the bearer token (tokens are long random strings, so a fast hash is enough).</summary>
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>For an automation account: the user it acts for (owner of its jobs' data).</summary>
    public string? OnBehalfOf { get; set; }

    /// <summary>Where job notifications for this account are POSTed, if anywhere.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Key for the webhook's HMAC-SHA256 signature header.</summary>
    public string? WebhookSecret { get; set; }
}
