using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SmartLab.Domain.Feed;
using SmartLab.Domain.Measurements;
using SmartLab.Hub.Api;
using SmartLab.Hub.Hosting;
using SmartLab.Hub.Jobs;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Feed;

/// <summary>
/// The default package: <c>record.json</c> (format <see cref="Format"/>) with the job as the API shows it, each
/// measurement's provenance, file list with SHA-256 and the agent's document, plus the files under
/// <c>files/&lt;measurement id&gt;/&lt;name&gt;</c>. Files are copied once from the store into a spool folder under the
/// data folder, so every sink reads the same bytes and a retry does not hold the database.
/// The document holds no time of its own making: the same record always packages to the same bytes.
/// </summary>
public sealed class RecordPackager(LiteDbStore store, IOptions<FeedOptions> options, IOptions<HubOptions> hub, TimeProvider time) : IFeedPackager
{
    /// <summary>The <c>format</c> field of <c>record.json</c>.</summary>
    public const string Format = "smartlab-record/1";

    static readonly JsonSerializerOptions Indented = new(HubJson.Options) { WriteIndented = true };

    /// <summary>Where packages' files wait while sinks take them; emptied when the publisher starts.</summary>
    public string SpoolDirectory => Path.Combine(hub.Value.DataDirectory, "feed-spool");

    public Task<FeedPackage> BuildAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var root = new JsonObject { ["format"] = Format, ["id"] = entry.Id, ["kind"] = entry.Kind };
        List<MeasurementRecord> measurements;
        if (entry.Kind == OutboxKinds.Job)
        {
            var job = store.GetJob(entry.Id) ?? throw new InvalidOperationException($"job {entry.Id} of the feed outbox is not in the store");
            root["job"] = JsonSerializer.SerializeToNode(JobViews.ToView(job, withHistory: true), HubJson.Options);
            measurements = [];
            foreach (var id in job.MeasurementIds)
            {
                if (store.GetMeasurement(id) is { } m)
                {
                    measurements.Add(m);
                }
                else
                {
                    missing.Add($"measurement {id}");
                }
            }
        }
        else
        {
            measurements = [store.GetMeasurement(entry.Id) ?? throw new InvalidOperationException($"measurement {entry.Id} of the feed outbox is not in the store")];
        }

        missing.AddRange(measurements.SelectMany(m => m.Files.Where(f => !f.Stored).Select(f => $"file {f.FileId} of measurement {m.Id}")));
        if (missing.Count > 0 && time.GetUtcNow() - entry.CreatedAt < options.Value.DataWait)
        {
            throw new FeedRecordNotReadyException("waiting for " + string.Join(", ", missing));
        }

        var spool = Path.Combine(SpoolDirectory, Guid.NewGuid().ToString("N"));
        var files = new List<FeedFile>();
        try
        {
            var list = new JsonArray();
            foreach (var m in measurements.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                list.Add(Describe(m, spool, files, cancellationToken));
            }

            root["measurements"] = list;
            if (missing.Count > 0)
            {
                root["missing"] = new JsonArray([.. missing.Select(x => (JsonNode)x)]);
            }

            var record = JsonSerializer.SerializeToUtf8Bytes(root, Indented);
            return Task.FromResult(new FeedPackage(entry.Id, entry.Kind, record, files, () => DeleteQuietly(spool)));
        }
        catch
        {
            DeleteQuietly(spool);
            throw;
        }
    }

    JsonObject Describe(MeasurementRecord m, string spool, List<FeedFile> files, CancellationToken cancellationToken)
    {
        var fileList = new JsonArray();
        foreach (var file in m.Files.Where(f => f.Stored))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = $"files/{PathSegment(m.Id)}/{PathSegment(file.Name)}";
            var local = Path.Combine(spool, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(spool);
            using (var stream = new FileStream(local, FileMode.CreateNew, FileAccess.Write))
            {
                if (!store.CopyFileTo(m.InstrumentId, file.FileId, stream))
                {
                    throw new InvalidOperationException($"file {file.FileId} of measurement {m.Id} is marked stored but its bytes are missing");
                }
            }

            files.Add(new FeedFile(path, file.MediaType, file.Size, file.Sha256, () => File.OpenRead(local)));
            fileList.Add(new JsonObject
            {
                ["fileId"] = file.FileId, ["name"] = file.Name, ["path"] = path, ["mediaType"] = file.MediaType,
                ["size"] = file.Size, ["sha256"] = file.Sha256,
            });
        }

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(m.Document);
        }
        catch (JsonException)
        {
            document = m.Document;
        }

        return new JsonObject
        {
            ["id"] = m.Id, ["instrumentId"] = m.InstrumentId, ["jobId"] = m.JobId, ["attempt"] = m.Attempt, ["sampleId"] = m.SampleId,
            ["method"] = m.Method, ["startedAt"] = Time(m.StartedAt), ["endedAt"] = Time(m.EndedAt), ["receivedAt"] = Time(m.ReceivedAt),
            ["profile"] = m.ProfileId, ["profileVersion"] = m.ProfileVersion, ["requester"] = m.Requester, ["onBehalfOf"] = m.OnBehalfOf,
            ["operator"] = m.Operator, ["owner"] = m.Owner, ["files"] = fileList, ["document"] = document,
        };
    }

    static JsonNode? Time(DateTimeOffset? at) => at is { } t ? JsonSerializer.SerializeToNode(t, HubJson.Options) : null;

    /// <summary>A name that is one safe path segment everywhere (no separators, no dot-only names, no control characters).</summary>
    public static string PathSegment(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '=' or ',' ? c : '_').ToArray();
        var safe = new string(chars).TrimStart('.');
        return safe.Length == 0 ? "_" : safe.Length > 200 ? safe[..200] : safe;
    }

    /// <summary>Empties the spool (left over by a process that died mid-package); the publisher calls it when it starts.</summary>
    public void ClearSpool() => DeleteQuietly(SpoolDirectory);

    /// <summary>Deletes a package's spool folder; one that cannot be deleted now goes with the next <see cref="ClearSpool"/>.</summary>
    internal static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Emptied again when the publisher next starts.
        }
    }
}
