using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmartLab.Cli.Internal;

namespace SmartLab.Cli.Http;

/// <summary>
/// The hub's HTTP API as typed calls. Every failure leaves as a <see cref="CliException"/>: a problem from the hub
/// (<see cref="HubProblemException"/>) or no answer at all (<see cref="HubUnreachableException"/>, naming the URL).
/// Requests that are safe to repeat (reads, and creations carrying an <c>Idempotency-Key</c>) are retried after a
/// network error or a 502/503/504, so a blip while the hub restarts does not fail a loop.
/// </summary>
internal sealed partial class HubClient : IDisposable
{
    /// <summary>How long a request may take until its answer's headers arrive.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Attempts of a repeatable request, and the pause before each retry.</summary>
    static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    readonly HttpClient _http;
    readonly TimeProvider _time;

    public HubClient(Uri hubUrl, string token, TimeProvider time, HttpMessageHandler? handler = null)
    {
        // A trailing slash lets a hub behind a reverse-proxy prefix (https://lab.example.org/smartlab/) keep its prefix.
        BaseAddress = hubUrl.AbsoluteUri.EndsWith('/') ? hubUrl : new Uri(hubUrl.AbsoluteUri + "/");
        _time = time;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
        {
            BaseAddress = BaseAddress,

            // Event streams stay open for as long as a job runs; other requests get RequestTimeout each.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("smartlab-cli", typeof(HubClient).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri BaseAddress { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>A path under <c>/api/v1/</c>, relative to the hub URL.</summary>
    static string Api(string path) => "api/v1/" + path;

    /// <summary>An id as one path segment.</summary>
    static string Segment(string id) => Uri.EscapeDataString(id);

    async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), repeatable: true, streamBody: false, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Posts JSON; with an idempotency key the request is repeatable, so network errors are retried with the same key.</summary>
    async Task<T> PostAsync<T>(string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body?.GetType() ?? typeof(object), options: CliJson.Options) };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            return request;
        }, repeatable: idempotencyKey is not null, streamBody: false, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Sends a request and returns a successful answer; the caller disposes it.</summary>
    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, bool repeatable, bool streamBody, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var mayRetry = repeatable && attempt < RetryDelays.Length;
            using var request = create();
            var url = new Uri(BaseAddress, request.RequestUri!);
            HubUnreachableException failure;
            using (var timeout = new CancellationTokenSource(RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    var response = await _http.SendAsync(request, streamBody ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, linked.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return response;
                    }

                    if (!(mayRetry && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                    {
                        throw await ProblemAsync(response, cancellationToken);
                    }

                    response.Dispose();
                    failure = new HubUnreachableException(url, $"HTTP {(int)response.StatusCode}");
                }
                catch (HttpRequestException e)
                {
                    failure = new HubUnreachableException(url, e.Message, e);
                }
                catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    failure = new HubUnreachableException(url, $"no answer within {RequestTimeout.TotalSeconds:0} s", e);
                }
            }

            if (!mayRetry)
            {
                throw failure;
            }

            await Task.Delay(RetryDelays[attempt], _time, cancellationToken);
        }
    }

    static async Task<HubProblemException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            string? body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                body = null;
            }

            return new HubProblemException(HubProblem.Parse((int)response.StatusCode, body));
        }
    }

    async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(CliJson.Options, cancellationToken)
                ?? throw new CliException($"the hub at {BaseAddress} answered with an empty body", ExitCodes.Failed);
        }
        catch (JsonException e)
        {
            throw NotSmartLab(e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new HubUnreachableException(BaseAddress, "the connection broke while reading the answer: " + e.Message, e);
        }
    }

    CliException NotSmartLab(Exception e) =>
        new($"the answer from {BaseAddress} is not what a SmartLab hub sends ({e.Message}); is the hub URL right?", ExitCodes.Failed, e);
}
