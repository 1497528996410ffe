using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Api;
using SmartLab.Hub.Hosting;

namespace SmartLab.Hub.Web;

/// <summary>One account of the demo's sign-in list.</summary>
public sealed record DemoAccountView(string Id, string Role, string? DisplayName, string? OnBehalfOf, string Token);

/// <summary>
/// <c>GET /api/v1/demo/accounts</c>: in demo mode only, the demo accounts with their tokens, so the sign-in page can offer
/// one-click sign-in to a newcomer. Outside demo mode the endpoint answers 404 and reveals nothing.
/// </summary>
public static class DemoSignInApi
{
    public static IEndpointRouteBuilder MapDemoSignInApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/demo/accounts", ListAsync).AllowAnonymous().WithTags("Pages").WithName("ListDemoAccounts")
            .WithSummary("Demo mode only: the demo accounts and their tokens, for one-click sign-in on the web page");
        return app;
    }

    static async Task<IResult> ListAsync(IOptions<HubOptions> options, AccountService accounts, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.Value.DataDirectory, "demo-tokens.json");
        if (!options.Value.Demo || !File.Exists(path))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", "not_demo", "the hub is not running in demo mode");
        }

        // The demo writes the file when it starts; reading it back (rather than keeping tokens in memory) lists exactly
        // what a newcomer would find on disk.
        await using var stream = File.OpenRead(path);
        var tokens = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, cancellationToken: cancellationToken) ?? [];
        var list = new List<DemoAccountView>();
        foreach (var (id, token) in tokens)
        {
            if (accounts.FindByToken(token) is { } account && account.Id == id)
            {
                list.Add(new DemoAccountView(account.Id, account.Role, account.DisplayName, account.OnBehalfOf, token));
            }
        }

        return TypedResults.Ok(list);
    }
}
