using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartLab.Domain.Profiles;

namespace SmartLab.Hub.Api;

public static class ProfilesApi
{
    /// <summary>A profile in a list.</summary>
    public sealed record ProfileSummary(string Id, string Version, string Kind, string Title, int Commands, int Methods);

    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/profiles").WithTags("Profiles");
        api.MapGet("/", (IProfileCatalog catalog) => TypedResults.Ok(new Contracts.Api.Page<ProfileSummary>(catalog.All
                .Select(p => new ProfileSummary(p.Id, p.Version, p.Kind, p.Title, p.Commands.Count, p.Methods.Count)).ToList(), null)))
            .WithName("ListProfiles");
        api.MapGet("/{id}", (string id, string? version, IProfileCatalog catalog) =>
                catalog.Find(id, version) is { } profile ? TypedResults.Ok(profile with { Source = null }) : Problems.NotFound($"profile `{id}`"))
            .WithName("GetProfile");
        return app;
    }
}
