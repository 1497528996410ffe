using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmartLab.Domain.Accounts;
using SmartLab.Domain.Profiles;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Api;
using SmartLab.Hub.Feed;
using SmartLab.Hub.Ingest;
using SmartLab.Hub.Instruments;
using SmartLab.Hub.Jobs;
using SmartLab.Messaging.Mqtt;
using SmartLab.Messaging.Mqtt.Transport;
using SmartLab.Messaging.Mqtt.Validation;
using SmartLab.Profiles;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Hosting;

public static class HubServiceCollectionExtensions
{
    /// <summary>Registers the whole hub: profiles, store, registry, ingest, MQTT transport, API and its security.</summary>
    public static WebApplicationBuilder AddSmartLabHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<HubOptions>().Bind(configuration.GetSection(HubOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MqttOptions>().Bind(configuration.GetSection("SmartLab:Mqtt")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection("SmartLab:Ingest"));
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection("SmartLab:Store"))
            .Configure<IOptions<HubOptions>>((store, hub) => store.DataDirectory = hub.Value.DataDirectory)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);

        // Profiles are loaded eagerly: a broken profile must stop the hub at start, naming the file and the problem.
        var hubOptions = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        services.AddSingleton<IProfileCatalog>(ProfileCatalog.Load(hubOptions.ResolveProfilesDirectory()));

        services.AddSingleton(sp => new LiteDbStore(sp.GetRequiredService<IOptions<StoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LiteDbStore>>()));
        services.AddSingleton<InstrumentRegistry>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<MqttClientAuthenticator>();
        services.AddSingleton<PayloadSchemas>(_ => PayloadSchemas.Shared);
        services.AddSingleton<IngestStatistics>();
        services.AddSingleton<BrokerStatistics>();
        services.AddSingleton<TelemetryFeed>();
        services.AddSingleton<TelemetryHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryHistory>());
        services.AddSingleton<FileAssembler>();
        services.AddSingleton<MessageIngest>();
        services.AddSingleton<IInboundHandler>(sp => sp.GetRequiredService<MessageIngest>());
        services.AddSingleton<HubPublisher>();

        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<JobValidator>();
        services.AddSingleton<JobService>();
        services.AddHostedService<JobScheduler>();
        services.AddSingleton<Control.LeaseService>();
        services.AddSingleton<Control.CommandService>();
        services.AddHostedService<Control.LeaseSweeper>();
        services.AddHostedService<WebhookNotifier>();
        services.AddHttpClient(WebhookNotifier.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookTargets.CreateHandler(sp.GetRequiredService<IOptions<JobsOptions>>().Value.AllowPrivateWebhookTargets));

        services.AddSingleton<EmbeddedBroker>(sp => new EmbeddedBroker(
            sp.GetRequiredService<IOptions<MqttOptions>>().Value, sp.GetRequiredService<MqttClientAuthenticator>(),
            sp.GetRequiredService<IInboundHandler>(), sp.GetRequiredService<BrokerStatistics>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<EmbeddedBroker>>()));
        services.AddSingleton<ExternalBrokerClient>(sp => new ExternalBrokerClient(
            sp.GetRequiredService<IOptions<MqttOptions>>().Value, sp.GetRequiredService<IInboundHandler>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ExternalBrokerClient>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHubTransport>(sp => sp.GetRequiredService<IOptions<MqttOptions>>().Value.Mode == BrokerMode.Embedded
            ? sp.GetRequiredService<EmbeddedBroker>()
            : sp.GetRequiredService<ExternalBrokerClient>());
        services.AddHostedService<HubStartup>();

        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.Staff))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Binding failures (a malformed body, `from=yesterday`) get the same stable shape as the API's own problems.
            if (context.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail = bad.Message;
                context.ProblemDetails.Extensions["code"] = "bad_request";
            }

            if (context.ProblemDetails.Status == 400 && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail =
                    "the request could not be read: check the body's JSON and the query parameters' formats (times are RFC 3339, numbers are plain)";
            }

            context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
            {
                400 => "bad_request",
                401 => "unauthenticated",
                403 => "forbidden",
                404 => "not_found",
                405 => "method_not_allowed",
                _ => "error",
            });
        });
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.Configure<JsonOptions>(o => HubJson.Apply(o.SerializerOptions));
        services.AddOpenApi();
        builder.AddSmartLabFeed();
        builder.AddSmartLabExports();
        return builder;
    }
}
