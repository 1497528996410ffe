using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartLab.Domain.Measurements;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Ingest;

/// <summary>
/// Downsamples telemetry into per-channel buckets (mean, min, max, count) in memory and writes finished buckets to the
/// store in one batch per interval, so history costs one write per channel per bucket, not one per message.
/// </summary>
public sealed class TelemetryHistory(LiteDbStore store, IOptions<IngestOptions> options, TimeProvider time, ILogger<TelemetryHistory> logger)
    : BackgroundService
{
    sealed class Bucket
    {
        public DateTimeOffset Start;
        public double Sum;
        public double Min = double.MaxValue;
        public double Max = double.MinValue;
        public int Count;
        public string? Last;
    }

    readonly Dictionary<(string, string), Bucket> _open = [];
    readonly List<TelemetryPoint> _finished = [];
    readonly Lock _gate = new();
    readonly long _ticksPerBucket = options.Value.TelemetryBucket.Ticks;

    public void Add(string instrumentId, DateTimeOffset ts, IReadOnlyDictionary<string, JsonElement> values)
    {
        var start = new DateTimeOffset(ts.UtcTicks - ts.UtcTicks % _ticksPerBucket, TimeSpan.Zero);
        lock (_gate)
        {
            foreach (var (channel, value) in values)
            {
                if (!_open.TryGetValue((instrumentId, channel), out var bucket))
                {
                    bucket = new Bucket { Start = start };
                    _open[(instrumentId, channel)] = bucket;
                }
                else if (bucket.Start != start)
                {
                    _finished.Add(ToPoint(instrumentId, channel, bucket));
                    _open[(instrumentId, channel)] = bucket = new Bucket { Start = start };
                }

                bucket.Count++;
                if (value.ValueKind == JsonValueKind.Number)
                {
                    var x = value.GetDouble();
                    bucket.Sum += x;
                    bucket.Min = Math.Min(bucket.Min, x);
                    bucket.Max = Math.Max(bucket.Max, x);
                }
                else
                {
                    bucket.Last = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                }
            }
        }
    }

    static TelemetryPoint ToPoint(string instrumentId, string channel, Bucket bucket)
    {
        var numeric = bucket.Min <= bucket.Max;
        return new TelemetryPoint
        {
            InstrumentId = instrumentId,
            Channel = channel,
            Ts = bucket.Start,
            Count = bucket.Count,
            Mean = numeric ? bucket.Sum / bucket.Count : 0,
            Min = numeric ? bucket.Min : 0,
            Max = numeric ? bucket.Max : 0,
            Last = bucket.Last,
        };
    }

    /// <summary>Writes finished buckets, and open ones older than a bucket length (or all, when <paramref name="all"/>).</summary>
    public async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        List<TelemetryPoint> batch;
        var cutoff = time.GetUtcNow().UtcTicks - _ticksPerBucket;
        lock (_gate)
        {
            foreach (var ((instrument, channel), bucket) in _open.Where(kv => all || kv.Value.Start.UtcTicks < cutoff).ToList())
            {
                _finished.Add(ToPoint(instrument, channel, bucket));
                _open.Remove((instrument, channel));
            }

            batch = [.. _finished];
            _finished.Clear();
        }

        if (batch.Count > 0)
        {
            await store.AppendTelemetryAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    DateTimeOffset _nextPrune;

    /// <summary>Deletes history older than the retention; returns how many buckets went.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) =>
        store.DeleteTelemetryBeforeAsync(time.GetUtcNow() - options.Value.TelemetryRetention, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TelemetryBucket, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await FlushAsync(all: false, stoppingToken).ConfigureAwait(false);
                    if (time.GetUtcNow() >= _nextPrune)
                    {
                        _nextPrune = time.GetUtcNow().AddHours(1);
                        var removed = await PruneAsync(stoppingToken).ConfigureAwait(false);
                        if (removed > 0)
                        {
                            logger.LogInformation("Deleted {Count} telemetry history buckets older than the retention of {Retention}", removed, options.Value.TelemetryRetention);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Writing telemetry history failed; will retry");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushAsync(all: true, CancellationToken.None).ConfigureAwait(false);
    }
}
