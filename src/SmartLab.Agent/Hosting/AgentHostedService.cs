using Microsoft.Extensions.Hosting;

namespace SmartLab.Agent.Hosting;

/// <summary>
/// Runs an <see cref="InstrumentAgent"/> for the lifetime of a .NET generic host:
/// <c>services.AddHostedService(sp =&gt; new AgentHostedService(new MyAgent(options)))</c>.
/// </summary>
public sealed class AgentHostedService(InstrumentAgent agent) : BackgroundService
{
    /// <summary>The hosted agent.</summary>
    public InstrumentAgent Agent { get; } = agent ?? throw new ArgumentNullException(nameof(agent));

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Agent.RunAsync(stoppingToken);
}
