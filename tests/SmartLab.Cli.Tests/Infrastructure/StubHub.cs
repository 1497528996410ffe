using System.Net;
using System.Text;
using System.Text.Json;

namespace SmartLab.Cli.Tests.Infrastructure;

/// <summary>
/// Canned hub answers for the client's handler: for what is awkward to make a real hub do on cue (a stream that
/// breaks mid-job, a file whose bytes do not match its checksum).
/// </summary>
public sealed class StubHub : HttpMessageHandler
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly Dictionary<string, Queue<Func<HttpResponseMessage>>> _answers = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    /// <summary>Every request with its headers and body, in order, for checks on what the client sent.</summary>
    public List<SentRequest> Sent { get; } = [];

    /// <summary>One request as it left the client.</summary>
    public sealed record SentRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string? Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Answers <c>GET /path</c>; several answers for the same path are given in turn, the last one repeatedly.</summary>
    public StubHub On(string pathAndQuery, Func<HttpResponseMessage> answer)
    {
        if (!_answers.TryGetValue(pathAndQuery, out var queue))
        {
            _answers[pathAndQuery] = queue = new Queue<Func<HttpResponseMessage>>();
        }

        queue.Enqueue(answer);
        return this;
    }

    /// <summary>Forgets the answers for a path, so the next <see cref="On"/> is what it answers from now on.</summary>
    public StubHub Forget(string pathAndQuery)
    {
        _answers.Remove(pathAndQuery);
        return this;
    }

    public StubHub OnJson(string pathAndQuery, object body) =>
        On(pathAndQuery, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json") });

    public StubHub OnBytes(string pathAndQuery, byte[] body, string mediaType = "application/octet-stream") =>
        On(pathAndQuery, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) { Headers = { ContentType = new(mediaType) } } });

    /// <summary>An event stream: each item becomes <c>event: kind</c> / <c>data: {kind, job}</c>; then the stream ends.</summary>
    public StubHub OnEvents(string pathAndQuery, params (string Kind, object Job)[] events)
    {
        var text = new StringBuilder(": keep-alive comments are ignored\n\n");
        foreach (var (kind, job) in events)
        {
            text.Append("event: ").Append(kind).Append("\ndata: ").Append(JsonSerializer.Serialize(new { kind, job }, Json)).Append("\n\n");
        }

        var body = text.ToString();
        return On(pathAndQuery, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") });
    }

    /// <summary>Answers with a problem body, as the hub does when it refuses a request.</summary>
    public StubHub OnProblem(string pathAndQuery, HttpStatusCode status, string code, string detail, string? field = null) =>
        On(pathAndQuery, () => new HttpResponseMessage(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { status = (int)status, code, detail, field }, Json), Encoding.UTF8, "application/problem+json"),
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.RequestUri!.PathAndQuery;
        Requests.Add($"{request.Method} {key}");
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Sent.Add(new SentRequest(request.Method.Method, key, headers, body));
        if (!_answers.TryGetValue(key, out var queue))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent($$"""{"detail":"nothing at {{key}}","code":"not_found"}""", Encoding.UTF8, "application/problem+json"),
            };
        }

        var answer = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        return answer();
    }
}
