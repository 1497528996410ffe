using SmartLab.Domain.Measurements;

namespace SmartLab.Storage.LiteDb;

public sealed partial class LiteDbStore
{
    /// <summary>Appends downsampled telemetry buckets.</summary>
    public Task<int> DeleteTelemetryBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.GetCollection<TelemetryPoint>(TelemetryCollection).DeleteMany(t => t.Ts < cutoff), cancellationToken);

    public Task AppendTelemetryAsync(IReadOnlyList<TelemetryPoint> points, CancellationToken cancellationToken = default) =>
        WriteAsync(db => db.GetCollection<TelemetryPoint>(TelemetryCollection).InsertBulk(points), cancellationToken);

    /// <summary>Stored buckets of one instrument in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<TelemetryPoint> QueryTelemetry(string instrumentId, DateTimeOffset from, DateTimeOffset to,
        string? channel = null, int limit = 10_000) => Read(db =>
    {
        var q = db.GetCollection<TelemetryPoint>(TelemetryCollection).Query()
            .Where(t => t.InstrumentId == instrumentId && t.Ts >= from && t.Ts < to);
        if (channel is not null)
        {
            q = q.Where(t => t.Channel == channel);
        }

        return (IReadOnlyList<TelemetryPoint>)q.OrderBy(t => t.Ts).Limit(limit).ToList();
    });
}
