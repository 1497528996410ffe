using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SmartLab.Hub.Demo;

public static class DemoExtensions
{
    /// <summary>In demo mode, adds demo accounts and simulated instruments.</summary>
    public static WebApplicationBuilder AddSmartLabDemo(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("SmartLab:Demo"))
        {
            // The demo's data platform is a drop folder, data/feed/ (unless sinks are configured).
            if (!builder.Configuration.GetSection("SmartLab:Feed:Sinks").GetChildren().Any())
            {
                builder.Configuration.AddInMemoryCollection([new("SmartLab:Feed:Sinks:0:Type", "folder"),
                    new("SmartLab:Feed:Sinks:0:Name", "demo-folder"), new("SmartLab:Feed:Sinks:0:Path", "feed")]);
            }

            builder.Services.AddHostedService<DemoService>();
        }

        return builder;
    }
}
