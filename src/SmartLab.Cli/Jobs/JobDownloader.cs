using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Jobs;

/// <summary>
/// Fetches a job's data into a folder: per measurement the hub's export (<c>&lt;measurementId&gt;.csv</c> or
/// <c>.json</c>) and its stored raw files in <c>&lt;measurementId&gt;/</c>, each checked against the SHA-256 the hub
/// lists. Files already present with the right hash are not fetched again, so a rerun after an interruption only
/// completes what is missing.
/// </summary>
internal sealed class JobDownloader(HubClient hub, CliConsole console)
{
    /// <summary>Returns <see cref="ExitCodes.Success"/> when every file is in place and verified, else <see cref="ExitCodes.Failed"/>.</summary>
    public async Task<int> DownloadAsync(string jobId, string? outDirectory, string format, CancellationToken cancellationToken)
    {
        var job = await hub.GetJobAsync(jobId, cancellationToken);
        if (job.MeasurementIds.Count == 0)
        {
            console.Out.WriteLine($"job {job.Id} has no measurements yet (state: {job.State})");
            return ExitCodes.Success;
        }

        var folder = Path.GetFullPath(outDirectory ?? FileNames.Safe(job.Id, "job"));
        var problems = 0;
        foreach (var measurementId in job.MeasurementIds)
        {
            var measurement = await hub.GetMeasurementAsync(measurementId, cancellationToken);
            var baseName = FileNames.Safe(measurement.Id, "measurement");
            problems += await SaveAsync(Path.Combine(folder, $"{baseName}.{format}"), async path =>
            {
                using var response = await hub.OpenExportAsync(measurement.Id, format, cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await AtomicFile.WriteAsync(path, body, expectedSha256: null, cancellationToken);
            });
            problems += await SaveFilesAsync(measurement, Path.Combine(folder, baseName), cancellationToken);
        }

        console.Out.WriteLine(problems == 0 ? $"job {job.Id}: data in {folder}" : $"job {job.Id}: {problems} file(s) missing or wrong in {folder}");
        return problems == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    async Task<int> SaveFilesAsync(MeasurementView measurement, string folder, CancellationToken cancellationToken)
    {
        var problems = 0;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in measurement.Files)
        {
            var name = FileNames.Safe(file.Name, file.FileId);
            if (!names.Add(name))
            {
                name = FileNames.Safe($"{file.FileId}-{name}", file.FileId);
            }

            var path = Path.Combine(folder, name);
            if (!file.Stored || file.Href is not { } href)
            {
                console.Error.WriteLine($"error: {file.Name} of measurement {measurement.Id} has not reached the hub completely yet; run the download again later");
                problems++;
                continue;
            }

            if (await AtomicFile.Sha256Async(path, cancellationToken) is { } existing && existing.Equals(file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                console.Out.WriteLine($"up to date  {path}");
                continue;
            }

            problems += await SaveAsync(path, async target =>
            {
                using var response = await hub.OpenFileAsync(href, cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await AtomicFile.WriteAsync(target, body, file.Sha256, cancellationToken);
            });
        }

        return problems;
    }

    /// <summary>Runs one file's download; a failure is reported and counted so the other files still come. An unreachable hub stops everything.</summary>
    async Task<int> SaveAsync(string path, Func<string, Task<AtomicFile.Written>> download)
    {
        try
        {
            var written = await download(path);
            console.Out.WriteLine($"wrote       {path} ({Formats.Size(written.Size)})");
            return 0;
        }
        catch (HubUnreachableException)
        {
            throw;
        }
        catch (CliException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            console.Error.WriteLine($"error: {path}: {e.Message}");
        }

        return 1;
    }
}
