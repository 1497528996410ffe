namespace SmartLab.Contracts.Api;

/// <summary>Body of <c>POST /api/v1/accounts</c> (admin).</summary>
/// <param name="Id">Login name: lower-case letters, digits and dashes.</param>
/// <param name="Role">admin, staff, user or automation.</param>
/// <param name="DisplayName">Name shown in pages.</param>
/// <param name="OnBehalfOf">For an automation account: the user it acts for (who owns its jobs' data).</param>
public sealed record CreateAccountRequest(string Id, string Role, string? DisplayName = null, string? OnBehalfOf = null);

/// <summary>A new account's bearer token, shown once.</summary>
public sealed record CreatedAccount(string Id, string Role, string Token);

public sealed record AccountView(string Id, string Role, string? DisplayName, string? OnBehalfOf = null);
