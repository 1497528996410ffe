using System.Globalization;
using System.Net;
using SmartLab.Contracts.Api;

namespace SmartLab.Loop.Runner;

public sealed partial class LoopHubClient
{
    static readonly HashSet<HttpStatusCode> StillRunning = [HttpStatusCode.Accepted];

    /// <summary><c>GET /me</c>: the account of the token.</summary>
    public Task<AccountView> GetMeAsync(CancellationToken cancellationToken = default) =>
        GetAsync<AccountView>(Api("me"), cancellationToken);

    /// <summary><c>POST /samples</c>; the same key returns the sample created the first time.</summary>
    public Task<SampleView> CreateSampleAsync(CreateSampleRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostAsync<SampleView>(Api("samples"), request, idempotencyKey, cancellationToken);

    /// <summary><c>GET /samples/{id}</c>.</summary>
    public Task<SampleView> GetSampleAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<SampleView>(Api("samples/" + Segment(id)), cancellationToken);

    /// <summary><c>POST /jobs</c>; the same key returns the job created the first time.</summary>
    public Task<JobView> SubmitJobAsync(SubmitJobRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        PostAsync<JobView>(Api("jobs"), request, idempotencyKey, cancellationToken);

    /// <summary><c>GET /jobs/{id}</c>, with its history.</summary>
    public Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<JobView>(Api("jobs/" + Segment(id)), cancellationToken);

    /// <summary>Every job of an account (<c>GET /jobs?requester=</c>, all pages), newest first.</summary>
    public async Task<IReadOnlyList<JobView>> ListJobsAsync(string requester, CancellationToken cancellationToken = default)
    {
        var jobs = new List<JobView>();
        string? cursor = null;
        do
        {
            var path = Api($"jobs?requester={Uri.EscapeDataString(requester)}&limit=1000")
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await GetAsync<Page<JobView>>(path, cancellationToken).ConfigureAwait(false);
            jobs.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return jobs;
    }

    /// <summary>
    /// Long-poll <c>GET /jobs/{id}/result?waitSeconds=</c>: the job as soon as it has an outcome, or as it is after
    /// <paramref name="waitSeconds"/> (0 to 300).
    /// </summary>
    public async Task<JobView> AwaitResultAsync(string id, int waitSeconds, CancellationToken cancellationToken = default)
    {
        var path = Api($"jobs/{Segment(id)}/result?waitSeconds={waitSeconds.ToString(CultureInfo.InvariantCulture)}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken, accept: StillRunning).ConfigureAwait(false);
        return await ReadAsync<JobView>(response, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The measurements of a job that the caller may see (<c>GET /measurements?jobId=</c>, all pages).</summary>
    public async Task<IReadOnlyList<MeasurementView>> ListMeasurementsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var measurements = new List<MeasurementView>();
        string? cursor = null;
        do
        {
            var path = Api($"measurements?jobId={Uri.EscapeDataString(jobId)}&limit=1000") + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await GetAsync<Page<MeasurementView>>(path, cancellationToken).ConfigureAwait(false);
            measurements.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return measurements;
    }

    /// <summary><c>GET /measurements/{id}</c>, with its document.</summary>
    public Task<MeasurementView> GetMeasurementAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<MeasurementView>(Api("measurements/" + Segment(id)), cancellationToken);
}
