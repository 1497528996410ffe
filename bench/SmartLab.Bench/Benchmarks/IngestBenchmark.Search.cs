using System.Diagnostics;
using SmartLab.Bench.Load;
using SmartLab.Bench.Reporting;
using SmartLab.Bench.Running;
using SmartLab.Domain.Measurements;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Bench.Benchmarks;

public sealed partial class IngestBenchmark
{
    const int SearchInstruments = 16;
    const int SearchRepeats = 30;
    static readonly DateTimeOffset SearchStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly string[] Atmospheres = ["air", "N2", "Ar", "vacuum"];

    /// <summary>
    /// <c>where=</c> search over a store holding a million measurements (200,000 with <c>--quick</c>) with varied conditions (temperature uniform over
    /// 20-1000 Cel, four atmospheres (air 32 %, N2 32 %, Ar 32 %, vacuum 4 %), twelve calibrations, one in a thousand incomplete), filled through the store's own
    /// write path (search keys included), newest 50 per query.
    /// </summary>
    static async Task SearchAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var records = context.Settings.Quick ? 200_000 : 1_000_000;
        var directory = context.NewDirectory("ingest-search");
        using var store = new LiteDbStore(new StoreOptions { DataDirectory = directory, CheckpointInterval = TimeSpan.FromSeconds(30) });
        var document = new MeasurementPayloads("search").Document(0);
        var fill = Stopwatch.StartNew();
        var pending = new List<Task>(4096);
        for (var i = 0; i < records; i++)
        {
            pending.Add(store.AddMeasurementAsync(SearchRecord(i, document), cancellationToken));
            if (pending.Count == pending.Capacity)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }

            if (i > 0 && i % 100_000 == 0)
            {
                BenchContext.Log(FormattableString.Invariant($"  search store: {i:N0} measurements, {i / fill.Elapsed.TotalSeconds:N0}/s"));
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        var fillRate = records / fill.Elapsed.TotalSeconds;
        BenchContext.Log(FormattableString.Invariant($"  search store: {records:N0} measurements in {fill.Elapsed.TotalSeconds:0} s ({fillRate:N0}/s)"));
        context.Report.Runs.Add(new RunFigures
        {
            Benchmark = Benchmark, Peer = HubName, Phase = "search store fill (LiteDbStore write path, in process)", Unit = "docs/s",
            Rate = fillRate, Sent = records, Received = store.CountMeasurements(), WindowSeconds = fill.Elapsed.TotalSeconds,
        });

        var random = new Random(7);
        double Temperature() => 20 + random.NextDouble() * 980;
        string Instrument() => $"search-{random.Next(SearchInstruments):D2}";
        var cases = new (string Name, Func<MeasurementQuery> Query)[]
        {
            ("where temperature > T (0.5 % match)", () => Searching(W($"conditions.temperature>{995 + random.NextDouble():0.###}"))),
            ("where T1 <= temperature < T1+10 (1 %)", () =>
            {
                var t = Temperature();
                return Searching(W($"conditions.temperature>={t:0.###}"), W($"conditions.temperature<{t + 10:0.###}"));
            }),
            ("where temperature > 500 (50 %)", () => Searching(W("conditions.temperature>500"))),
            ("where temperature > 500[K] converted to Cel (77 %)", () => Searching(W("conditions.temperature>500[K]"))),
            ("instrument + where atmosphere=Ar + temperature > 900", () => Searching(W("conditions.atmosphere=Ar"), W("conditions.temperature>900")) with
            {
                InstrumentId = Instrument(),
            }),
            ("where calibration = CAL-7 + temperature > 999 (0.01 %)", () =>
                Searching(W("metadata.instrument.calibration.id=CAL-7"), W($"conditions.temperature>{999 + random.NextDouble() * 0.5:0.###}"))),
            ("complete=false (0.1 %)", () => new MeasurementQuery { Complete = false, Limit = 50 }),
            ("worst: atmosphere=vacuum + calibration=CAL-7 (each unselective, 0.3 % together)", () =>
                Searching(W("conditions.atmosphere=vacuum"), W("metadata.instrument.calibration.id=CAL-7"))),
            ("instrument + 1 h time range", () =>
            {
                var from = SearchStart.AddSeconds(random.Next(records / 10 - 3600));
                return new MeasurementQuery { InstrumentId = Instrument(), From = from, To = from.AddHours(1), Limit = 50 };
            }),
        };

        foreach (var (name, make) in cases)
        {
            store.QueryMeasurements(make()); // warm-up
            var latency = new LatencyHistogram();
            var found = 0L;
            for (var r = 0; r < SearchRepeats; r++)
            {
                var query = make();
                var t = Stopwatch.GetTimestamp();
                found += store.QueryMeasurements(query).Items.Count;
                latency.RecordTicks(Stopwatch.GetTimestamp() - t);
            }

            var plan = store.ExplainMeasurementQuery(make());
            var strategy = plan.LastOrDefault(p => p.Contains("candidates", StringComparison.Ordinal) || p.Contains("index, newest first", StringComparison.Ordinal))
                ?? plan.LastOrDefault() ?? "";
            strategy = strategy.Split(':')[0];
            context.Report.Runs.Add(new RunFigures
            {
                Benchmark = Benchmark, Peer = HubName, Phase = FormattableString.Invariant($"search {records / 1000:N0} k: {name}"), Unit = "ms", P50Ms = latency.PercentileMs(0.5),
                P99Ms = latency.PercentileMs(0.99), Received = found / SearchRepeats, Note = strategy,
            });
            BenchContext.Log(FormattableString.Invariant(
                $"  {name,-75} p50 {latency.PercentileMs(0.5),8:0.0} ms  p99 {latency.PercentileMs(0.99),8:0.0} ms  {found / SearchRepeats,3} found  ({strategy})"));
        }
    }

    static MeasurementQuery Searching(params MetadataCondition[] where) => new() { Where = where, Limit = 50, ConvertUnits = KelvinCelsius };

    static double? KelvinCelsius(double value, string from, string to) => (from, to) switch
    {
        ("K", "Cel") => value - 273.15,
        ("Cel", "K") => value + 273.15,
        _ => null,
    };

    static MetadataCondition W(string expression) =>
        MetadataCondition.TryParse(expression, out var condition, out var problem) ? condition! : throw new ArgumentException(problem);

    static MeasurementRecord SearchRecord(int i, string document)
    {
        // A cheap deterministic spread, so the run is the same every time.
        var hash = (uint)(i * 2654435761u);
        var temperature = 20 + hash % 98_000 / 100.0;
        return new MeasurementRecord
        {
            Id = $"S{i:D8}",
            InstrumentId = $"search-{i % SearchInstruments:D2}",
            Method = "theta2theta",
            SampleId = $"S-{i / 10:D6}",
            ReceivedAt = SearchStart.AddMilliseconds(i * 100L),
            ProfileId = "xrd-powder",
            ProfileVersion = "1.0.0",
            Complete = i % 1000 != 999,
            Missing = i % 1000 == 999 ? ["instrument.calibration.date"] : [],
            Parameters =
            [
                new() { Name = "start", Number = 10, Units = "deg" }, new() { Name = "stop", Number = 80, Units = "deg" },
                new() { Name = "step", Number = 0.02, Units = "deg" }, new() { Name = "dwell", Number = 0.5, Units = "s" },
                new() { Name = "tubeVoltage", Number = 40, Units = "kV" }, new() { Name = "tubeCurrent", Number = 30, Units = "mA" },
            ],
            Conditions =
            [
                new() { Name = "temperature", Number = temperature, Units = "Cel" },
                new() { Name = "atmosphere", Text = Atmospheres[(hash / 98_000 % 25) switch { < 1 => 3, < 9 => 0, < 17 => 1, _ => 2 }] },
            ],
            Metadata =
            [
                new() { Path = "instrument.calibration.id", Value = $"CAL-{i / 7 % 12}" },
                new() { Path = "instrument.calibration.date", Value = "2026-11-01" },
            ],
            DocumentSha256 = "0000000000000000000000000000000000000000000000000000000000000000",
            Document = document,
        };
    }
}
