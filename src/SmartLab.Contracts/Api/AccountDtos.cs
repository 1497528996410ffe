namespace SmartLab.Contracts.Api;

/// <summary>Body of <c>POST /api/v1/accounts</c> (admin).</summary>
public sealed record CreateAccountRequest(string Id, string Role, string? DisplayName = null);

/// <summary>A new account's bearer token, shown once.</summary>
public sealed record CreatedAccount(string Id, string Role, string Token);

public sealed record AccountView(string Id, string Role, string? DisplayName);
