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
        app.Use(async (context, next) =>
        {
            // The page shows strings that instruments send: no script but the hub's own may run.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapInstrumentsApi();
        app.MapProfilesApi();
        app.MapMeasurementsApi();
        app.MapJobsApi();
        app.MapSamplesApi();
        app.MapAutomationPolicyApi();
        app.MapLoopsApi();
        app.MapControlApi();
        app.MapAccountsApi();
        app.MapOperationsApi();
        return app;
    }
}
