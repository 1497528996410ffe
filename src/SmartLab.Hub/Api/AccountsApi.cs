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
        app.MapGet("/api/v1/me", (System.Security.Claims.ClaimsPrincipal user, AccountService accounts) =>
            TypedResults.Ok(new AccountView(user.AccountId(), user.Role(), accounts.Find(user.AccountId())?.DisplayName,
                user.FindFirst(BearerTokenHandler.OnBehalfOfClaim)?.Value))).WithTags("Accounts").WithName("WhoAmI");
        app.MapGet("/api/v1/me/webhook", (System.Security.Claims.ClaimsPrincipal user, AccountService accounts) =>
            accounts.Find(user.AccountId()) is { } me ? TypedResults.Ok(new WebhookView(me.WebhookUrl, me.WebhookSecret is not null)) : Results.NotFound())
            .WithTags("Accounts").WithName("GetWebhook");
        app.MapPut("/api/v1/me/webhook", SetWebhook).WithTags("Accounts").WithName("SetWebhook");
        return app;
    }

    static async Task<IResult> SetWebhook(WebhookRequest request, System.Security.Claims.ClaimsPrincipal user, AccountService accounts,
        Microsoft.Extensions.Options.IOptions<Jobs.JobsOptions> jobs, CancellationToken cancellationToken)
    {
        if (request.Url is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return Problems.Invalid("url", "invalid_url", $"`{url}` is not an absolute http or https URL");
        }

        if (request.Url is not null && !jobs.Value.AllowPrivateWebhookTargets && Uri.TryCreate(request.Url, UriKind.Absolute, out var target)
            && (target.IsLoopback || (System.Net.IPAddress.TryParse(target.DnsSafeHost, out var ip) && Jobs.WebhookTargets.IsPrivate(ip))))
        {
            return Problems.Invalid("url", "private_webhook_target",
                $"`{request.Url}` points into the hub's own network; webhooks go to public addresses only (an operator can allow internal ones)");
        }

        if (request.Secret is { Length: > 256 })
        {
            return Problems.Invalid("secret", "too_long", "the webhook secret is limited to 256 characters");
        }

        await accounts.SetWebhookAsync(user.AccountId(), request.Url, request.Secret, cancellationToken);
        return TypedResults.Ok(new WebhookView(request.Url, request.Url is not null && request.Secret is not null));
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

        if (request.OnBehalfOf is { } owner)
        {
            if (request.Role != Roles.Automation)
            {
                return Problems.Invalid("onBehalfOf", "not_automation", "only automation accounts act on someone's behalf");
            }

            if (store.GetAccount(owner) is not { Role: Roles.User or Roles.Staff or Roles.Admin })
            {
                return Problems.Invalid("onBehalfOf", "unknown_account", $"account `{owner}` does not exist (or is itself an automation account)");
            }
        }

        var token = await accounts.IssueAsync(request.Id, request.Role, request.DisplayName, cancellationToken, request.OnBehalfOf);
        return TypedResults.Created($"/api/v1/accounts/{request.Id}", new CreatedAccount(request.Id, request.Role, token));
    }
}
