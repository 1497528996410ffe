using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using SmartLab.Hub.Demo;

namespace SmartLab.Hub.Hosting;

/// <summary>Builds the hub's web application from command-line arguments (also used by tests to run the real hub in-process).</summary>
public static class HubApplication
{
    public const string DefaultUrls = "http://localhost:5080";

    public static WebApplication Build(string[] args)
    {
        // `--demo` alone reads better than `--SmartLab:Demo=true`.
        args = [.. args.Select(a => a == "--demo" ? "--SmartLab:Demo=true" : a)];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.AddSmartLabHub();
        builder.AddSmartLabDemo();
        var app = builder.Build();
        app.MapSmartLabHub();
        return app;
    }
}
