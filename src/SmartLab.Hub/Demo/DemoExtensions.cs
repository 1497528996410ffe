using Microsoft.AspNetCore.Builder;
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
            builder.Services.AddHostedService<DemoService>();
        }

        return builder;
    }
}
