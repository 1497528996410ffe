using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SmartLab.Bench.Load;

/// <summary>
/// Submits the benchmark's jobs to the hub over HTTP as a lab's script would: one job with <c>POST /api/v1/jobs</c>,
/// several with <c>POST /api/v1/jobs/batch</c> (created in one transaction). Every job asks for any instrument of the
/// kind, so the hub's queue hands it to whichever instrument is free, as Quartz hands a trigger to a free thread.
/// </summary>
public sealed class JobSubmitClient : IDisposable
{
    /// <summary>One job as the benchmark submits it: an xrd-powder scan, validated against the profile by the hub.</summary>
    const string Job = """{"instrumentKind":"xrd-powder","method":"theta2theta","parameters":{"start":10,"stop":80,"step":0.02,"dwell":0.5}}""";

    static readonly MediaTypeHeaderValue Json = new("application/json");

    readonly HttpClient _http;
    readonly Dictionary<int, byte[]> _bodies = [];

    public JobSubmitClient(Uri hub, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = hub,
            Timeout = TimeSpan.FromSeconds(120),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Submits jobs <c>[first, first + count)</c> in one request and answers each in <paramref name="tracker"/>.</summary>
    public async Task SubmitAsync(JobIdTracker tracker, int first, int count)
    {
        using var content = new ByteArrayContent(Body(count));
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(new Uri(count == 1 ? "/api/v1/jobs" : "/api/v1/jobs/batch", UriKind.Relative), content)
            .ConfigureAwait(false);
        var answered = Stopwatch.GetTimestamp();
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"submit of {count} job(s): HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        using var document = JsonDocument.Parse(body);
        if (count == 1)
        {
            tracker.Answered(first, document.RootElement.GetProperty("id").GetString()!, answered);
            return;
        }

        var i = first;
        foreach (var job in document.RootElement.GetProperty("jobs").EnumerateArray())
        {
            tracker.Answered(i++, job.GetProperty("id").GetString()!, answered);
        }

        if (i != first + count)
        {
            throw new InvalidOperationException($"a batch of {count} jobs was answered with {i - first}");
        }
    }

    /// <summary>How many jobs the hub holds in <paramref name="state"/> (<c>GET /api/v1/jobs?state=</c>, every page).</summary>
    public async Task<long> CountAsync(string state)
    {
        long count = 0;
        string? cursor = null;
        do
        {
            var path = $"/api/v1/jobs?state={state}&limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var document = JsonDocument.Parse(await _http.GetByteArrayAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false));
            count += document.RootElement.GetProperty("items").GetArrayLength();
            cursor = document.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return count;
    }

    byte[] Body(int count)
    {
        lock (_bodies)
        {
            if (!_bodies.TryGetValue(count, out var body))
            {
                body = Encoding.UTF8.GetBytes(count == 1 ? Job : $$"""{"jobs":[{{string.Join(',', Enumerable.Repeat(Job, count))}}]}""");
                _bodies[count] = body;
            }

            return body;
        }
    }

    public void Dispose() => _http.Dispose();
}
