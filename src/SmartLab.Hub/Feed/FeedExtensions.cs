using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SmartLab.Hub.Feed;

public static class FeedExtensions
{
    /// <summary>
    /// The data platform feed: options (<c>SmartLab:Feed</c>), the configured sinks, the default packager (record, raw files, NeXus, RO-Crate and RDE packages; replace it by
    /// registering another <see cref="IFeedPackager"/> first) and the publisher. Extra sinks: register <see cref="IFeedSink"/> singletons.
    /// </summary>
    public static WebApplicationBuilder AddSmartLabFeed(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FeedOptions>().Bind(builder.Configuration.GetSection(FeedOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedOptions>, FeedOptionsValidator>();
        services.AddSingleton<FeedSinks>();
        services.TryAddSingleton<RecordPackager>();
        services.TryAddSingleton<IFeedPackager, DatasetPackager>();
        services.AddSingleton<FeedPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedPublisher>());
        services.AddSingleton<FeedAdmin>();
        return builder;
    }
}
