using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Api;

/// <summary>A store that is reopening after an I/O failure answers 503 with Retry-After, not a bare 500.</summary>
public sealed class StoreUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable)
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = "5";
        await Problems.Create(StatusCodes.Status503ServiceUnavailable, "Store unavailable", "store_unavailable", unavailable.Message)
            .ExecuteAsync(httpContext);
        return true;
    }
}
