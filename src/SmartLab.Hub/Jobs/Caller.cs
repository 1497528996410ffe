using System.Security.Claims;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Accounts;

namespace SmartLab.Hub.Jobs;

/// <summary>Who is asking: account id, role, and (for automation accounts) the user they act for.</summary>
public sealed record Caller(string Id, string Role, string? OnBehalfOf = null)
{
    /// <summary>How the caller appears in histories and on the wire: <c>user:alice</c>, <c>staff:tanaka</c>.</summary>
    public string Actor => $"{Role}:{Id}";

    public bool IsStaff => Roles.SeesEverything(Role);

    /// <summary>The person whose data this is.</summary>
    public string Owner => OnBehalfOf ?? Id;

    public static Caller From(ClaimsPrincipal user) =>
        new(user.AccountId(), user.Role(), user.FindFirstValue(BearerTokenHandler.OnBehalfOfClaim));
}
