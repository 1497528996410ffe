using Microsoft.AspNetCore.Builder;
using SmartLab.Hub.Api;
using SmartLab.Hub.Web;

namespace SmartLab.Hub.Hosting;

public static class HubEndpointExtensions
{
    /// <summary>Middleware and endpoints: static page, authentication, the v1 API, health, metrics and the OpenAPI document.</summary>
    public static WebApplication MapSmartLabHub(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSmartLabWebPages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapInstrumentsApi();
        app.MapProfilesApi();
        app.MapMeasurementsApi();
        app.MapJobsApi();
        app.MapExportsApi();
        app.MapSamplesApi();
        app.MapAutomationPolicyApi();
        app.MapLoopsApi();
        app.MapControlApi();
        app.MapAccountsApi();
        app.MapOperationsApi();
        app.MapFeedApi();
        app.MapDemoSignInApi();
        return app;
    }
}
