using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

/// <summary>
/// The hub's HTTP API as far as a loop needs it (samples, jobs, their events, measurements), over plain HTTP and
/// Server-Sent Events with a bearer token. Every request it makes is safe to repeat, so network errors, timeouts and
/// 502/503/504 are retried with backoff for <see cref="LoopHubClientOptions.RetryFor"/>; a refusal from the hub is
/// reported at once as a <see cref="LoopHubException"/> with the hub's problem code and field.
/// </summary>
public sealed partial class LoopHubClient : IDisposable
{
    readonly HttpClient _http;
    readonly bool _ownsHttp;
    readonly TimeProvider _time;
    readonly LoopHubClientOptions _options;

    /// <summary>Creates a client for the hub at <paramref name="hubUrl"/> with an API token.</summary>
    public LoopHubClient(Uri hubUrl, string token, LoopHubClientOptions? options = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);

        // A trailing slash keeps a path prefix (https://lab.example.org/smartlab/) in front of the relative API paths.
        var baseAddress = hubUrl.AbsoluteUri.EndsWith('/') ? hubUrl : new Uri(hubUrl.AbsoluteUri + "/");
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _ownsHttp = true;
        _options = options ?? new LoopHubClientOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Uses an existing client that already carries the hub's base address and the bearer token (the command line's, a
    /// test's). It is not disposed with this one. Its own <see cref="HttpClient.Timeout"/> should be infinite or longer
    /// than the event streams need; this client applies <see cref="LoopHubClientOptions.RequestTimeout"/> itself.
    /// </summary>
    public LoopHubClient(HttpClient http, LoopHubClientOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress (the hub's URL)", nameof(http));
        }

        _http = http;
        _ownsHttp = false;
        _options = options ?? new LoopHubClientOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The hub's URL.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>A path under <c>api/v1/</c>, relative so a hub URL with a path prefix keeps it.</summary>
    static string Api(string path) => "api/v1/" + path;

    static string Segment(string id) => Uri.EscapeDataString(id);

    async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, path, cancellationToken).ConfigureAwait(false);
    }

    async Task<T> PostAsync<T>(string path, object body, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: LoopJson.Options) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request (made anew for each attempt) and returns a successful answer with its body read, or with only
    /// its headers for <paramref name="headersOnly"/> (event streams). Transient failures are retried.
    /// </summary>
    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken, bool headersOnly = false,
        IReadOnlySet<HttpStatusCode>? accept = null)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.RetryFor.TotalSeconds * _time.TimestampFrequency);
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            using var request = create();
            var what = $"{request.Method} {new Uri(BaseAddress, request.RequestUri!)}";
            string failure;
            Exception? cause = null;
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    var response = await _http.SendAsync(request, headersOnly ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                        linked.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode || accept?.Contains(response.StatusCode) == true)
                    {
                        return response;
                    }

                    if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                    {
                        throw await ProblemAsync(response, what, cancellationToken).ConfigureAwait(false);
                    }

                    failure = $"HTTP {(int)response.StatusCode}";
                    response.Dispose();
                }
                catch (HttpRequestException e)
                {
                    (failure, cause) = (e.Message, e);
                }
                catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    (failure, cause) = ($"no answer within {_options.RequestTimeout.TotalSeconds:0} s", e);
                }
            }

            if (_time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency) > deadline)
            {
                throw new LoopHubException($"the hub did not answer {what}: {failure} (retried for {_options.RetryFor.TotalSeconds:0} s)",
                    null, null, null, unreachable: true, cause);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    static async Task<LoopHubException> ProblemAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        using (response)
        {
            string? code = null, field = null, detail = null;
            try
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                using var problem = JsonDocument.Parse(body);
                if (problem.RootElement.ValueKind == JsonValueKind.Object)
                {
                    code = Text(problem.RootElement, "code");
                    field = Text(problem.RootElement, "field");
                    detail = Text(problem.RootElement, "detail") ?? Text(problem.RootElement, "title");
                }
            }
            catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
            {
                // Not a problem document (a proxy's page, say): the status says enough.
            }

            var status = (int)response.StatusCode;
            var message = $"the hub refused {what} ({status}{(code is null ? "" : " " + code)}{(field is null ? "" : $", field {field}")})"
                + (detail is null ? "" : ": " + detail);
            return new LoopHubException(message, status, code, field, unreachable: false);
        }

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    async Task<T> ReadAsync<T>(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(LoopJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new LoopHubException($"the hub answered {path} with an empty body");
        }
        catch (JsonException e)
        {
            throw new LoopHubException($"the answer of {BaseAddress} to {path} is not what a SmartLab hub sends ({e.Message}); is the hub URL right?", e);
        }
    }
}
