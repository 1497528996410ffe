using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Ingest;
using SmartLab.Messaging.Mqtt;
using SmartLab.Messaging.Mqtt.Transport;

namespace SmartLab.Hub.Hosting;

/// <summary>
/// Brings the hub up in order: first admin account, then the MQTT transport (embedded broker or external connection),
/// then the hub's retained online state. Stops in reverse, flushing telemetry history before the store closes.
/// </summary>
public sealed class HubStartup(
    IOptions<HubOptions> hubOptions,
    IOptions<MqttOptions> mqttOptions,
    AccountService accounts,
    IServiceProvider services,
    HubPublisher publisher,
    Jobs.JobService jobs,
    Control.LeaseService leases,
    ILogger<HubStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await accounts.EnsureAdminAsync(hubOptions.Value.DataDirectory, cancellationToken);

        // Open jobs are in memory before any agent can connect and report on them.
        jobs.Load();
        leases.Load();
        if (mqttOptions.Value.Mode == BrokerMode.Embedded)
        {
            await Resolve<EmbeddedBroker>().StartAsync();
        }
        else
        {
            await Resolve<ExternalBrokerClient>().StartAsync(cancellationToken);
        }

        await publisher.HubStateAsync(online: true);
        logger.LogInformation("SmartLab hub started ({Mode} MQTT broker)", mqttOptions.Value.Mode);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops taking MQTT traffic first, so the final telemetry flush and store checkpoint see everything that was accepted.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (mqttOptions.Value.Mode == BrokerMode.Embedded)
        {
            await publisher.HubStateAsync(online: false);
            await Resolve<EmbeddedBroker>().StopAsync();
        }
        else
        {
            await Resolve<ExternalBrokerClient>().DisposeAsync();
        }
    }

    T Resolve<T>() where T : notnull => (T)services.GetService(typeof(T))!;
}
