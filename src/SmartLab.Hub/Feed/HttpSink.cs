using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace SmartLab.Hub.Feed;

/// <summary>
/// POSTs each record to a URL as <c>multipart/form-data</c>: a part <c>record</c> (<c>record.json</c>, application/json)
/// then one part <c>file</c> per data file, its file name the path inside the package. Header
/// <c>Idempotency-Key: &lt;record id&gt;</c> on every attempt, so the receiver can drop repeats; <c>Authorization: Bearer</c>
/// when a token is configured. One Polly pipeline per sink: retries with exponential backoff and jitter (waiting out a
/// <c>Retry-After</c> of a 429 or 503 up to <see cref="FeedSinkOptions.MaxRetryAfter"/>), a circuit breaker, and a
/// timeout per attempt. Transient: 5xx, 408, 429, timeouts and network errors; any other answer outside 2xx is a
/// permanent refusal and is not retried.
/// </summary>
public sealed class HttpSink : IFeedSink, IDisposable
{
    public const string TypeName = "http";

    readonly FeedSinkOptions _options;
    readonly TimeProvider _time;
    readonly HttpClient _http;
    readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    volatile string? _openedBy;

    public HttpSink(FeedSinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _options = options;
        _time = time;
        Name = options.EffectiveName;
        Url = new Uri(options.Url!);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = options.Timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryAfter,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && args.Outcome switch
                {
                    { Exception: BrokenCircuitException } => false,
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } r } => IsTransient(r.StatusCode) && !(RetryAfter(r) > options.MaxRetryAfter),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RetryAfter(r) : null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    _openedBy = args.Outcome.Exception is { } ex ? Describe(ex) : $"answered {(int)args.Outcome.Result!.StatusCode}";
                    return ValueTask.CompletedTask;
                },
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } r } => IsTransient(r.StatusCode),
                    _ => false,
                }),
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    public string Name { get; }

    public Uri Url { get; }

    public async Task DeliverAsync(FeedPackage package, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = CreateRequest(package);
                return await _http.SendAsync(request, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new FeedDeliveryException(
                $"{Url} failed repeatedly (last: {_openedBy ?? "unknown"}); not tried for {_options.BreakDuration.TotalSeconds:0.#} s (circuit open)",
                retryAfter: ex.RetryAfter ?? _options.BreakDuration, inner: ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException)
        {
            throw new FeedDeliveryException(Describe(ex), inner: ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var body = await ReadSomeAsync(response, cancellationToken).ConfigureAwait(false);
            var status = $"{Url} answered {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}";
            throw new FeedDeliveryException(status, permanent: !IsTransient(response.StatusCode), retryAfter: RetryAfter(response));
        }
    }

    string Describe(Exception ex) => ex is TimeoutRejectedException
        ? $"{Url} did not answer within {_options.Timeout.TotalSeconds:0.#} s"
        : $"{Url} unreachable: {ex.Message}";

    HttpRequestMessage CreateRequest(FeedPackage package)
    {
        var content = new MultipartFormDataContent();
        var record = new ByteArrayContent(package.Record);
        record.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(record, "record", FeedPackage.RecordFileName);
        foreach (var file in package.Files)
        {
            var part = new StreamContent(file.OpenRead());
            part.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.MediaType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "file", file.Path);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content };
        request.Headers.Add("Idempotency-Key", package.RecordId);
        request.Headers.Add("X-SmartLab-Record-Kind", package.Kind);
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        return request;
    }

    static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The pause a 429 or 503 asks for, in seconds or as an HTTP date.</summary>
    TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var pause = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        return pause is { } p ? (p < TimeSpan.Zero ? TimeSpan.Zero : p) : null;
    }

    static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length > 300 ? text[..300] + "…" : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    public void Dispose() => _http.Dispose();
}
