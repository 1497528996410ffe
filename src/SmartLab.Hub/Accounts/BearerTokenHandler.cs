using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartLab.Hub.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the account store.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AccountService accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>Claim carrying the user an automation account acts for.</summary>
    public const string OnBehalfOfClaim = "smartlab:on_behalf_of";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string? token = null;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.StartsWithSegments("/api/v1") && Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
        {
            // Browsers' EventSource cannot set headers; live streams accept the token as a query parameter instead.
            token = Request.Query["access_token"];
        }

        if (string.IsNullOrEmpty(token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var account = accounts.FindByToken(token);
        if (account is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown or revoked token"));
        }

        List<Claim> claims = [new(ClaimTypes.NameIdentifier, account.Id), new(ClaimTypes.Name, account.Id), new(ClaimTypes.Role, account.Role)];
        if (account.OnBehalfOf is { } owner)
        {
            claims.Add(new Claim(OnBehalfOfClaim, owner));
        }

        var identity = new ClaimsIdentity(
            claims,
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
