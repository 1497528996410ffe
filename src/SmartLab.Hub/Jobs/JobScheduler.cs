using Microsoft.Extensions.Hosting;

namespace SmartLab.Hub.Jobs;

/// <summary>Runs the job service's scheduler loop for the life of the hub.</summary>
public sealed class JobScheduler(JobService jobs) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => jobs.RunSchedulerAsync(stoppingToken);
}
