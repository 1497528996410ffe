using SmartLab.Domain.Measurements;
using SmartLab.Hub.Ingest;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Tests.Control;

/// <summary>Telemetry history is kept for the configured retention and no longer.</summary>
public sealed class TelemetryRetentionTests
{
    [Fact]
    public async Task Prune_DeletesBucketsOlderThanRetention_KeepsTheRest()
    {
        await using var hub = await TestHub.StartAsync(null, "--SmartLab:Ingest:TelemetryRetention=2.00:00:00");
        var store = hub.Service<LiteDbStore>();
        var now = DateTimeOffset.UtcNow;
        await store.AppendTelemetryAsync(
        [
            new TelemetryPoint { InstrumentId = "furnace-01", Channel = "temperature", Ts = now.AddDays(-3), Mean = 20, Min = 20, Max = 20, Count = 1 },
            new TelemetryPoint { InstrumentId = "furnace-01", Channel = "temperature", Ts = now.AddDays(-1), Mean = 21, Min = 21, Max = 21, Count = 1 },
            new TelemetryPoint { InstrumentId = "furnace-01", Channel = "temperature", Ts = now.AddMinutes(-1), Mean = 22, Min = 22, Max = 22, Count = 1 },
        ]);

        Assert.Equal(1, await hub.Service<TelemetryHistory>().PruneAsync(CancellationToken.None));
        var kept = store.QueryTelemetry("furnace-01", now.AddDays(-10), now.AddDays(1));
        Assert.Equal([21.0, 22.0], kept.Select(p => p.Mean).ToArray());
    }
}
