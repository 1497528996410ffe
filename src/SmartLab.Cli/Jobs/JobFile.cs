using System.Text.Json;
using System.Text.Json.Nodes;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Contracts.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SmartLab.Cli.Jobs;

/// <summary>
/// A job file for <c>jobs submit --file</c>, YAML or JSON: one job (the fields of <c>POST /jobs</c>), or a batch
/// <c>{jobs: [...]}</c> (a bare list of jobs is read as a batch too). Unknown keys are refused here, before anything
/// is sent, because a misspelt <c>sampleID</c> would otherwise be dropped silently.
/// </summary>
internal sealed record JobFile(IReadOnlyList<SubmitJobRequest> Jobs, bool IsBatch)
{
    static readonly string[] JobKeys = ["instrument", "instrumentKind", "method", "parameters", "sampleId", "priority", "notes"];

    public static JobFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the job file {path}: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Reads <paramref name="text"/>; <paramref name="path"/> picks the format by its extension and names the file in errors.</summary>
    public static JobFile Parse(string text, string path)
    {
        var root = IsJson(text, path) ? FromJson(text, path) : FromYaml(text, path);
        switch (root)
        {
            case JsonArray list:
                return new JobFile(ReadJobs(list, path), IsBatch: true);
            case JsonObject batch when batch.ContainsKey("jobs"):
                if (batch.Count > 1)
                {
                    throw new UsageException($"{path}: a batch holds only `jobs`, found also {string.Join(", ", batch.Select(p => $"`{p.Key}`").Where(k => k != "`jobs`"))}");
                }

                return batch["jobs"] is JsonArray jobs
                    ? new JobFile(ReadJobs(jobs, path), IsBatch: true)
                    : throw new UsageException($"{path}: `jobs` must be a list of jobs");
            case JsonObject single:
                return new JobFile([ReadJob(single, path)], IsBatch: false);
            default:
                throw new UsageException($"{path} must hold one job (instrument or instrumentKind, method, parameters, …) or a batch `jobs: [...]`");
        }
    }

    static List<SubmitJobRequest> ReadJobs(JsonArray list, string path)
    {
        if (list.Count == 0)
        {
            throw new UsageException($"{path}: the batch has no jobs");
        }

        return list.Select((node, i) => node is JsonObject job
            ? ReadJob(job, $"{path}, job {i + 1}")
            : throw new UsageException($"{path}, job {i + 1}: a job must be a mapping of instrument, method, parameters, …")).ToList();
    }

    static SubmitJobRequest ReadJob(JsonObject job, string where)
    {
        foreach (var key in job.Select(p => p.Key))
        {
            if (!JobKeys.Contains(key, StringComparer.Ordinal))
            {
                var hint = JobKeys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)) is { } near ? $"; did you mean `{near}`?" : "";
                throw new UsageException($"{where}: unknown key `{key}` (known: {string.Join(", ", JobKeys)}){hint}");
            }
        }

        if (job["parameters"] is { } parameters && parameters is not JsonObject)
        {
            throw new UsageException($"{where}: `parameters` must be a mapping of name: value");
        }

        try
        {
            return job.Deserialize<SubmitJobRequest>(CliJson.Options)!;
        }
        catch (JsonException e)
        {
            var key = e.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "a value";
            throw new UsageException($"{where}: `{key}` has the wrong type (method, instrument, sampleId, priority and notes are text)", e);
        }
    }

    static bool IsJson(string text, string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => true,
        ".yaml" or ".yml" => false,
        _ => text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['),
    };

    static JsonNode? FromJson(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    static JsonNode? FromYaml(string text, string path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count switch
            {
                0 => null,
                1 => YamlJson.Convert(stream.Documents[0].RootNode),
                _ => throw new UsageException($"{path} holds {stream.Documents.Count} YAML documents; put several jobs in one `jobs:` list"),
            };
        }
        catch (YamlException e)
        {
            throw new UsageException($"{path}, line {e.Start.Line}: {e.Message}", e);
        }
    }
}
