using Microsoft.AspNetCore.Builder;
using SmartLab.Hub.Api;

namespace SmartLab.Hub.Hosting;

public static class HubEndpointExtensions
{
    /// <summary>Middleware and endpoints: static page, authentication, the v1 API, health, metrics and the OpenAPI document.</summary>
    public static WebApplication MapSmartLabHub(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapInstrumentsApi();
        app.MapProfilesApi();
        app.MapMeasurementsApi();
        app.MapAccountsApi();
        app.MapOperationsApi();
        return app;
    }
}
