using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Contracts.Api;
using SmartLab.Contracts.Protocol;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Accounts;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/accounts").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        api.MapGet("/", (LiteDbStore store) =>
            TypedResults.Ok(store.ListAccounts().Select(a => new AccountView(a.Id, a.Role, a.DisplayName)).ToList())).WithName("ListAccounts");
        api.MapPost("/", Create).WithName("CreateAccount");
        app.MapGet("/api/v1/me", (System.Security.Claims.ClaimsPrincipal user) =>
            TypedResults.Ok(new AccountView(user.AccountId(), user.Role(), null))).WithTags("Accounts").WithName("WhoAmI");
        return app;
    }

    static async Task<IResult> Create(CreateAccountRequest request, AccountService accounts, LiteDbStore store, CancellationToken cancellationToken)
    {
        if (store.GetAccount(request.Id) is not null)
        {
            return Problems.Conflict("account_exists", $"account `{request.Id}` already exists", "id");
        }

        if (!ProtocolConstants.IsValidInstrumentId(request.Id))
        {
            return Problems.Invalid("id", "invalid_id", $"account id `{request.Id}` must be 1 to 63 lower-case letters, digits or dashes");
        }

        if (!Roles.All.Contains(request.Role))
        {
            return Problems.Invalid("role", "unknown_role", $"role `{request.Role}` is not one of {string.Join(", ", Roles.All)}");
        }

        var token = await accounts.IssueAsync(request.Id, request.Role, request.DisplayName, cancellationToken);
        return TypedResults.Created($"/api/v1/accounts/{request.Id}", new CreatedAccount(request.Id, request.Role, token));
    }
}
