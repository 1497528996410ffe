using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Http;

internal sealed partial class HubClient
{
    public Task<JobView> SubmitJobAsync(SubmitJobRequest job, string idempotencyKey, CancellationToken cancellationToken) =>
        PostAsync<JobView>(Api("jobs"), job, idempotencyKey, cancellationToken);

    public Task<BatchView> SubmitBatchAsync(SubmitBatchRequest batch, string idempotencyKey, CancellationToken cancellationToken) =>
        PostAsync<BatchView>(Api("jobs/batch"), batch, idempotencyKey, cancellationToken);

    public Task<Page<JobView>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken) =>
        GetAsync<Page<JobView>>(Api("jobs" + query.ToQueryString()), cancellationToken);

    public Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken) =>
        GetAsync<JobView>(Api($"jobs/{Segment(id)}"), cancellationToken);

    /// <summary>
    /// <c>cancel</c>, or a staff action: <c>approve</c>, <c>reject</c>, <c>hold</c>, <c>resume</c>, <c>deliver</c>.
    /// Returns the job after the action, or null when the hub answers without a body.
    /// </summary>
    public async Task<JobView?> JobActionAsync(string id, string action, string? reason, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Api($"jobs/{Segment(id)}/{action}")) { Content = JsonContent.Create(new JobActionRequest(reason), options: CliJson.Options) },
            repeatable: false, streamBody: false, cancellationToken);
        return response.Content.Headers.ContentLength is 0 ? null : await ReadAsync<JobView>(response, cancellationToken);
    }

    /// <summary>
    /// The job's event stream: the snapshot first, then transitions and progress, until the hub ends the stream.
    /// A broken connection surfaces as <see cref="HubUnreachableException"/>; the caller decides whether to reconnect.
    /// </summary>
    public async IAsyncEnumerable<JobEventView> WatchJobAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in StreamEventsAsync($"jobs/{Segment(id)}/events", "event stream", cancellationToken))
        {
            if (ParseEvent(item) is { } jobEvent)
            {
                yield return jobEvent;
            }
        }
    }

    JobEventView? ParseEvent(SseItem<string> item)
    {
        if (item.EventType is not ("snapshot" or "transition" or "progress"))
        {
            return null;
        }

        try
        {
            var jobEvent = JsonSerializer.Deserialize<JobEventView>(item.Data, CliJson.Options);
            if (jobEvent?.Job is not null)
            {
                return jobEvent;
            }

            // Tolerate a snapshot that carries the bare job rather than an event around it.
            return JsonSerializer.Deserialize<JobView>(item.Data, CliJson.Options) is { } job ? new JobEventView(item.EventType, job) : null;
        }
        catch (JsonException e)
        {
            throw NotSmartLab(e);
        }
    }
}
