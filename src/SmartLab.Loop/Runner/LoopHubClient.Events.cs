using System.Text;
using System.Text.Json;
using SmartLab.Contracts.Api;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

public sealed partial class LoopHubClient
{
    /// <summary>
    /// Follows a job until it is final (delivered, failed, aborted, cancelled or rejected) over its event stream
    /// (<c>GET /jobs/{id}/events</c>), calling <paramref name="onChange"/> with the job after every change. A broken
    /// stream is reopened (the first event of a stream is always the job as it is, so nothing is missed); while the
    /// hub does not answer, this keeps trying for <see cref="LoopHubClientOptions.RetryFor"/>.
    /// </summary>
    public async Task<JobView> FollowJobAsync(string id, Action<JobView>? onChange = null, CancellationToken cancellationToken = default)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                if (await StreamOnceAsync(id, onChange, cancellationToken).ConfigureAwait(false) is { } final)
                {
                    return final;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // The stream broke mid-way; look at the job, then open a new stream.
            }

            var job = await GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            onChange?.Invoke(job);
            if (JobStateNames.IsFinal(job.State))
            {
                return job;
            }

            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    /// <summary>One event stream: the final job, or null when the stream ended before the job did.</summary>
    async Task<JobView?> StreamOnceAsync(string id, Action<JobView>? onChange, CancellationToken cancellationToken)
    {
        var path = Api($"jobs/{Segment(id)}/events");
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            return request;
        }, cancellationToken, headersOnly: true).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0)
                {
                    // Only `data:` matters: every event (snapshot, transition, progress) carries the whole job.
                    if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        data.Append(data.Length > 0 ? "\n" : "").Append(line.AsSpan(line.StartsWith("data: ", StringComparison.Ordinal) ? 6 : 5));
                    }

                    continue;
                }

                if (data.Length == 0)
                {
                    continue;
                }

                JobEventView? change;
                try
                {
                    change = JsonSerializer.Deserialize<JobEventView>(data.ToString(), LoopJson.Options);
                }
                catch (JsonException e)
                {
                    throw new LoopHubException($"an event of job {id} from {BaseAddress} is not what a SmartLab hub sends ({e.Message})", e);
                }

                data.Clear();
                if (change?.Job is not { } job)
                {
                    continue;
                }

                onChange?.Invoke(job);
                if (JobStateNames.IsFinal(job.State))
                {
                    return job;
                }
            }
        }

        return null;
    }
}
