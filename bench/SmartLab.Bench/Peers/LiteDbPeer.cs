using System.CommandLine;
using System.Diagnostics;
using LiteDB;
using SmartLab.Bench.Load;

namespace SmartLab.Bench.Peers;

/// <summary>
/// Raw LiteDB, the floor of the hub's store: the same measurement documents, shaped as the hub stores them (indexed
/// provenance fields plus the document as a string), inserted with <c>InsertBulk</c> into a fresh Direct-mode file
/// with the hub's indexes, one transaction per batch, each followed by an fsync of LiteDB's log file: the same
/// "acknowledged means on disk" the hub gives. Runs as its own process on the peer core (hidden command
/// <c>peer-litedb</c>) and writes its result as JSON.
/// </summary>
public static class LiteDbPeer
{
    /// <summary>What one run of the raw peer measured.</summary>
    public sealed record Result(double DocumentsPerSecond, long Documents, long Commits, double Seconds, double CommitP50Ms, double CommitP99Ms,
        double CpuPercent);

    public static Command Command()
    {
        var directory = new Option<string>("--dir") { Required = true };
        var batch = new Option<int>("--batch") { Required = true };
        var warmup = new Option<double>("--warmup-seconds") { Required = true };
        var seconds = new Option<double>("--seconds") { Required = true };
        var output = new Option<string>("--output") { Required = true };
        var command = new Command("peer-litedb", "internal: raw LiteDB InsertBulk peer of the measurement benchmark") { Hidden = true };
        command.Options.Add(directory);
        command.Options.Add(batch);
        command.Options.Add(warmup);
        command.Options.Add(seconds);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var result = Run(parse.GetValue(directory)!, parse.GetValue(batch), parse.GetValue(warmup), parse.GetValue(seconds));
            File.WriteAllText(parse.GetValue(output)!, System.Text.Json.JsonSerializer.Serialize(result));
            return 0;
        });
        return command;
    }

    static Result Run(string directory, int batch, double warmupSeconds, double seconds)
    {
        using var db = new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(directory, "raw.db"),
            Connection = ConnectionType.Direct,
        });
        FileStream? log = null;
        var measurements = db.GetCollection("measurements");
        measurements.EnsureIndex("Seq", "$.Seq", unique: true);
        measurements.EnsureIndex("Record_InstrumentId", "$.Record.InstrumentId");
        measurements.EnsureIndex("Record_SampleId", "$.Record.SampleId");
        measurements.EnsureIndex("Record_JobId", "$.Record.JobId");
        measurements.EnsureIndex("Record_Owner", "$.Record.Owner");
        measurements.EnsureIndex("fileIds", "$.Record.Files[*].FileId");

        // One document per "connection" in each batch, like a group commit with that many agents in flight.
        var sources = Enumerable.Range(0, batch).Select(i => new MeasurementPayloads($"m{i:D4}")).ToArray();
        var texts = sources.Select(s => s.Document(0)).ToArray();
        var documents = new List<BsonDocument>(batch);
        long seq = 0;
        long round = 0;
        void Commit()
        {
            documents.Clear();
            for (var i = 0; i < batch; i++)
            {
                documents.Add(Shape(sources[i].MeasurementId(round), ++seq, $"meas-{i + 1:D4}", texts[i]));
            }

            measurements.InsertBulk(documents, batch);

            // LiteDB 5 writes its log on commit without forcing it to the device.
            log ??= new FileStream(Path.Combine(directory, "raw-log.db"), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            log.Flush(flushToDisk: true);
            round++;
        }

        var warmupEnd = Stopwatch.GetTimestamp() + (long)(warmupSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            Commit();
        }

        var histogram = new LatencyHistogram();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(seconds * Stopwatch.Frequency);
        long commits = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            var t = Stopwatch.GetTimestamp();
            Commit();
            histogram.RecordTicks(Stopwatch.GetTimestamp() - t);
            commits++;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log?.Dispose();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / elapsed * 100;
        return new Result(commits * batch / elapsed, commits * batch, commits, elapsed, histogram.PercentileMs(0.5) ?? 0,
            histogram.PercentileMs(0.99) ?? 0, cpu);
    }

    /// <summary>The BSON the hub's mapper writes for a stored measurement: id, arrival sequence, record with the document text.</summary>
    static BsonDocument Shape(string id, long seq, string instrumentId, string document)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new BsonDocument
        {
            ["_id"] = id,
            ["Seq"] = seq,
            ["Record"] = new BsonDocument
            {
                ["_id"] = id,
                ["InstrumentId"] = instrumentId,
                ["SampleId"] = "S-000045",
                ["Method"] = "theta2theta",
                ["StartedAt"] = now,
                ["EndedAt"] = now,
                ["ReceivedAt"] = now,
                ["ProfileId"] = "xrd-powder",
                ["ProfileVersion"] = "1.0.0",
                ["Files"] = new BsonArray(),
                ["Document"] = document,
            },
        };
    }
}
