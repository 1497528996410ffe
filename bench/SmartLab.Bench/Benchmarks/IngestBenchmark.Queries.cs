using System.Diagnostics;
using LiteDB;
using SmartLab.Bench.Load;
using SmartLab.Bench.Measure;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;
using SmartLab.Domain.Measurements;
using SmartLab.Storage.LiteDb;
using SmartLab.Storage.LiteDb.Internal;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class IngestBenchmark
{
    const int IdQueries = 5000;
    const int RangeQueries = 1000;
    const int RangeLimit = 50;

    /// <summary>
    /// Reads on the files the two ingest runs left: the hub's through its store (what the API calls), the raw one the way a
    /// plain LiteDB program would, with the indexes the raw peer made. Both in this process, one after the other.
    /// </summary>
    static void CompareQueries(BenchContext context, string hubDirectory, string rawFile)
    {
        // The raw file was written last, so whatever of the two the page cache holds is mostly the raw one's; at a million
        // records that decides the ratio. Both start from the disk instead.
        var hubEvicted = PageCache.Evict(new StoreOptions { DataDirectory = hubDirectory }.DatabasePath);
        var rawEvicted = PageCache.Evict(rawFile);
        BenchContext.Log(hubEvicted && rawEvicted ? "  both files dropped from the page cache" : "  WARNING: the files could not be dropped from the page cache");
        using var store = new LiteDbStore(new StoreOptions { DataDirectory = hubDirectory });
        using var raw = new LiteDatabase(new ConnectionString { Filename = rawFile, Connection = ConnectionType.Direct });
        var random = new Random(42);

        var hubIds = store.Read(db => db.GetCollection("measurements").Query().Select("$._id").ToDocuments().Select(d => d["_id"].AsString).ToList());
        var rawCollection = raw.GetCollection("measurements");
        var rawIds = rawCollection.Query().Select("$._id").ToDocuments().Select(d => d["_id"].AsString).ToList();
        BenchContext.Log($"  queries over the hub's {hubIds.Count:N0} and raw LiteDB's {rawIds.Count:N0} measurements");

        // Like for like, raw LiteDB maps to the same record type with its own mapper; what it costs to skip that is reported too.
        var rawTyped = raw.GetCollection<StoredMeasurement>("measurements");
        var byId = Time(IdQueries,
            () => store.GetMeasurement(hubIds[random.Next(hubIds.Count)]),
            () => rawTyped.FindById(rawIds[random.Next(rawIds.Count)])?.Record,
            () => rawCollection.FindById(rawIds[random.Next(rawIds.Count)]));
        var (hubById, rawById, rawByIdBson) = (byId[0], byId[1], byId[2]);
        Add(context, "query by id", hubById, rawById, 0.9);
        Add(context, "query by id (raw: BsonDocument, no mapping)", hubById, rawByIdBson, null);

        // (instrument, time range): a random 5 s slice of one instrument's measurements, newest 50.
        var hubSpan = store.Read(db => TimeSpanOf(db.GetCollection("measurements"), "$.Record.ReceivedAt"));
        var rawSpan = TimeSpanOf(rawCollection, "$.Record.ReceivedAt");
        var instruments = context.Settings.Connections;
        var rawInstruments = rawTyped.Query().Limit(20_000).ToEnumerable().Select(m => m.Record.InstrumentId).Distinct().ToList();
        // Raw LiteDB reads the same instrument+time index the hub's store made (the peer copied the hub's indexes).
        var rawQuery = BsonExpression.Create("$.IT BETWEEN @0 AND @1");
        var range = Time(RangeQueries, () =>
        {
            var from = Slice(hubSpan, random);
            return store.QueryMeasurements(new MeasurementQuery
            {
                InstrumentId = $"ingest-{random.Next(1, instruments + 1):D4}", From = from, To = from.AddSeconds(5), Limit = RangeLimit,
            }).Items.Count;
        },
        () =>
        {
            var from = Slice(rawSpan, random);
            var instrument = rawInstruments[random.Next(rawInstruments.Count)];
            rawQuery.Parameters["0"] = SearchKeys.InstrumentTime(instrument, SearchKeys.TimeKeyAt(from));
            rawQuery.Parameters["1"] = SearchKeys.InstrumentTime(instrument, SearchKeys.TimeKeyAt(from.AddSeconds(5)));
            return rawTyped.Query().Where(rawQuery).OrderByDescending("$.IT").Limit(RangeLimit).ToList().Count;
        });
        var (hubRange, rawRange) = (range[0], range[1]);
        Add(context, "query by (instrument, 5 s range), newest 50", hubRange, rawRange, 0.9);
    }

    /// <summary>Receive times of the first and the last measurement (by store order, which both files index).</summary>
    static (DateTimeOffset First, DateTimeOffset Last) TimeSpanOf(ILiteCollection<BsonDocument> collection, string path)
    {
        DateTimeOffset At(int order) => new(collection.Query().OrderBy("$.TK", order).Select(BsonExpression.Create(path)).Limit(1).ToDocuments().Single()
            .Values.First().AsDateTime.ToUniversalTime(), TimeSpan.Zero);
        return (At(Query.Ascending), At(Query.Descending));
    }

    static DateTimeOffset Slice((DateTimeOffset First, DateTimeOffset Last) span, Random random) =>
        span.First.AddSeconds(random.NextDouble() * Math.Max(0, (span.Last - span.First).TotalSeconds - 5));

    /// <summary>
    /// Runs each of <paramref name="queries"/> <paramref name="count"/> times, after a warm-up of each, in alternating rounds
    /// so that neither side gains from running later (a warmer JIT, a quieter machine); queries per second and latency of each.
    /// </summary>
    static List<(double PerSecond, LatencyHistogram Latency)> Time(int count, params Func<object?>[] queries)
    {
        const int Rounds = 10;
        foreach (var query in queries)
        {
            for (var i = 0; i < Math.Min(1000, count); i++)
            {
                query();
            }
        }

        var latencies = queries.Select(_ => new LatencyHistogram()).ToList();
        var elapsed = new long[queries.Length];
        for (var round = 0; round < Rounds; round++)
        {
            for (var q = 0; q < queries.Length; q++)
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < count / Rounds; i++)
                {
                    var t = Stopwatch.GetTimestamp();
                    queries[q]();
                    latencies[q].RecordTicks(Stopwatch.GetTimestamp() - t);
                }

                elapsed[q] += Stopwatch.GetTimestamp() - started;
            }
        }

        return [.. queries.Select((_, q) => (count / Rounds * Rounds / ((double)elapsed[q] / Stopwatch.Frequency), latencies[q]))];
    }

    static void Add(BenchContext context, string metric, (double PerSecond, LatencyHistogram Latency) hub,
        (double PerSecond, LatencyHistogram Latency) raw, double? target)
    {
        if (target is null)
        {
            context.Report.Comparisons.Add(Comparison.Report(Benchmark, metric, "queries/s", PeerName, hub.PerSecond, raw.PerSecond));
            BenchContext.Log(FormattableString.Invariant($"  {metric,-45} raw {raw.PerSecond,9:N0}/s p99 {raw.Latency.PercentileMs(0.99):0.000} ms"));
            return;
        }

        context.Report.Runs.Add(new RunFigures
        {
            Benchmark = Benchmark, Peer = HubName, Phase = metric, Unit = "queries/s", Rate = hub.PerSecond,
            P50Ms = hub.Latency.PercentileMs(0.5), P99Ms = hub.Latency.PercentileMs(0.99), Note = "through LiteDbStore, records mapped",
        });
        context.Report.Runs.Add(new RunFigures
        {
            Benchmark = Benchmark, Peer = PeerName, Phase = metric, Unit = "queries/s", Rate = raw.PerSecond,
            P50Ms = raw.Latency.PercentileMs(0.5), P99Ms = raw.Latency.PercentileMs(0.99), Note = "the indexes the peer copied from the hub, records mapped by LiteDB's BsonMapper",
        });
        context.Report.Comparisons.Add(Comparison.AtLeast(Benchmark, metric, "queries/s", PeerName, hub.PerSecond, raw.PerSecond, target.Value,
            "both read the same documents through the same indexes; the hub goes through its store (read guard, compiled _id lookup) and its own mapper"));
        BenchContext.Log(FormattableString.Invariant(
            $"  {metric,-45} hub {hub.PerSecond,9:N0}/s p99 {hub.Latency.PercentileMs(0.99):0.000} ms   raw {raw.PerSecond,9:N0}/s p99 {raw.Latency.PercentileMs(0.99):0.000} ms"));
    }

    const string HubName = Peers.HubPeer.Name;
}
