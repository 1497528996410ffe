using System.CommandLine;
using System.Diagnostics;
using LiteDB;
using SmartLab.Bench.Load;
using SmartLab.Storage.LiteDb.Internal;

namespace SmartLab.Bench.Peers;

/// <summary>
/// Raw LiteDB, the floor of the hub's store: the same measurement documents the hub stored, inserted with
/// <c>InsertBulk</c> into a fresh Direct-mode file with the same collation and the same indexes, one transaction per batch,
/// each followed by an fsync of LiteDB's log file: the same "acknowledged means on disk" the hub gives. The documents
/// and the index definitions are read from the hub's own file (<c>--like</c>, after the hub's run), so the peer follows
/// whatever the hub stores; each insert is a copy of one of them with a fresh id and fresh time keys. Runs as its own
/// process on the peer core (hidden command <c>peer-litedb</c>) and writes its result as JSON.
/// </summary>
public static class LiteDbPeer
{
    /// <summary>What one run of the raw peer measured.</summary>
    public sealed record Result(double DocumentsPerSecond, long Documents, long Commits, double Seconds, double CommitP50Ms, double CommitP99Ms,
        double CpuPercent, int Indexes, int SearchKeysPerDocument, int DocumentBytes);

    public static Command Command()
    {
        var directory = new Option<string>("--dir") { Required = true };
        var like = new Option<string>("--like") { Required = true, Description = "the hub's database file to copy documents and indexes from" };
        var batch = new Option<int>("--batch") { Required = true };
        var warmup = new Option<double>("--warmup-seconds") { Required = true };
        var seconds = new Option<double>("--seconds") { Required = true };
        var output = new Option<string>("--output") { Required = true };
        var command = new Command("peer-litedb", "internal: raw LiteDB InsertBulk peer of the measurement benchmark") { Hidden = true };
        command.Options.Add(directory);
        command.Options.Add(like);
        command.Options.Add(batch);
        command.Options.Add(warmup);
        command.Options.Add(seconds);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var result = Run(parse.GetValue(directory)!, parse.GetValue(like)!, parse.GetValue(batch), parse.GetValue(warmup), parse.GetValue(seconds));
            File.WriteAllText(parse.GetValue(output)!, System.Text.Json.JsonSerializer.Serialize(result));
            return 0;
        });
        return command;
    }

    /// <summary>What the peer copies from the hub's file: its collation, its measurement indexes and some stored measurements.</summary>
    sealed record HubShape(Collation Collation, List<(string Name, string Expression, bool Unique)> Indexes, List<byte[]> Templates);

    static HubShape ReadHubShape(string hubFile, int count)
    {
        using var hub = new LiteDatabase(new ConnectionString { Filename = hubFile, Connection = ConnectionType.Direct, ReadOnly = true });
        var indexes = hub.GetCollection("$indexes").Find(Query.EQ("collection", "measurements"))
            .Where(i => i["name"].AsString != "_id")
            .Select(i => (i["name"].AsString, i["expression"].AsString, i["unique"].AsBoolean))
            .ToList();

        // One document per instrument where the hub has them, so the copies spread over instruments as the hub's did.
        var templates = hub.GetCollection("measurements").Query().Limit(20_000).ToDocuments()
            .GroupBy(d => d["Record"]["InstrumentId"].AsString)
            .Select(g => g.First())
            .Take(count)
            .Select(d => BsonSerializer.Serialize(d))
            .ToList();
        if (templates.Count == 0)
        {
            throw new InvalidOperationException($"{hubFile} holds no measurement to copy");
        }

        return new HubShape(hub.Collation, indexes, templates);
    }

    static Result Run(string directory, string hubFile, int batch, double warmupSeconds, double seconds)
    {
        var shape = ReadHubShape(hubFile, batch);
        using var db = new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(directory, "raw.db"),
            Connection = ConnectionType.Direct,
            Collation = shape.Collation,
        });
        FileStream? log = null;
        var measurements = db.GetCollection("measurements");
        foreach (var (name, expression, unique) in shape.Indexes)
        {
            measurements.EnsureIndex(name, expression, unique);
        }

        var documents = new List<BsonDocument>(batch);
        long seq = 0;
        void Commit()
        {
            documents.Clear();
            var now = TimeProvider.System.GetUtcNow();
            for (var i = 0; i < batch; i++)
            {
                documents.Add(Copy(shape.Templates[i % shape.Templates.Count], ++seq, now));
            }

            measurements.InsertBulk(documents, batch);

            // LiteDB 5 writes its log on commit without forcing it to the device.
            log ??= new FileStream(Path.Combine(directory, "raw-log.db"), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            log.Flush(flushToDisk: true);
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
        var sample = BsonSerializer.Deserialize(shape.Templates[0]);
        return new Result(commits * batch / elapsed, commits * batch, commits, elapsed, histogram.PercentileMs(0.5) ?? 0,
            histogram.PercentileMs(0.99) ?? 0, cpu, shape.Indexes.Count + 1, sample.TryGetValue("SK", out var keys) && keys.IsArray ? keys.AsArray.Count : 0,
            shape.Templates[0].Length);
    }

    /// <summary>
    /// A stored hub document with a new id, arrival sequence and receive time, and the keys derived from them (time keys
    /// and the time-key suffix of every search key), as the hub's store would have written it.
    /// </summary>
    static BsonDocument Copy(byte[] template, long seq, DateTimeOffset now)
    {
        var document = BsonSerializer.Deserialize(template);
        var record = document["Record"].AsDocument;
        var id = $"raw-{seq}";
        var timeKey = SearchKeys.TimeKey(now, seq);
        document["_id"] = id;
        document["Seq"] = seq;
        document["TK"] = timeKey;
        document["IT"] = SearchKeys.InstrumentTime(record["InstrumentId"].AsString, timeKey);
        record["_id"] = id;
        record["ReceivedAt"] = now.UtcDateTime;
        if (document.TryGetValue("SK", out var keys) && keys.IsArray)
        {
            var array = keys.AsArray;
            for (var i = 0; i < array.Count; i++)
            {
                var key = array[i].AsString;
                array[i] = key[..^SearchKeys.TimeKeyLength] + timeKey;
            }
        }

        return document;
    }
}
