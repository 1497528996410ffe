using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SmartLab.Hub.Web;

/// <summary>The hub's web pages: plain static files (ES modules, CSS, JSON dictionaries) under a strict Content-Security-Policy.</summary>
public static class WebPages
{
    /// <summary>
    /// Pages show strings that instruments and users send, so no script but the hub's own files may run: no inline
    /// script or style element, no eval, no other origin. Images may be <c>blob:</c> URLs because labels and SEM images
    /// are fetched with the bearer header and shown from memory.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Security headers on every answer, then the static files of <c>wwwroot</c> (index.html for <c>/</c>).</summary>
    public static WebApplication UseSmartLabWebPages(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Revalidate every time (ETag makes it cheap): a hub upgrade must not leave a browser on old modules.
            OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
