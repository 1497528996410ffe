using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SmartLab.Hub.Tests.Feed;

/// <summary>One POST the recording server received, as the feed's HTTP sink sends it (multipart: record.json, then files).</summary>
public sealed record ReceivedPost(string? IdempotencyKey, string? Kind, string? Authorization, JsonNode? Record, IReadOnlyList<(string Path, long Size)> Files,
    DateTimeOffset At);

/// <summary>
/// A data platform stand-in: Kestrel on a loopback port that keeps every POST it gets (<see cref="Received"/>) and those
/// it accepted (<see cref="Recorded"/>). <see cref="Handler"/> decides each answer (status code; it may also stall or
/// set headers). Stopping and starting again on the same port makes connections be refused in between.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    WebApplication? _app;

    RecordingServer(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/ingest");

    public ConcurrentQueue<ReceivedPost> Received { get; } = new();

    /// <summary>POSTs answered with 2xx (or kept by a handler that never answered, see <see cref="Handler"/>).</summary>
    public ConcurrentQueue<ReceivedPost> Recorded { get; } = new();

    /// <summary>The status code for a POST (simple cases).</summary>
    public Func<ReceivedPost, int> Answer { get; set; } = _ => 200;

    /// <summary>Full control: returns the status code to answer; a 2xx puts the POST in <see cref="Recorded"/> before the answer is written.</summary>
    public Func<ReceivedPost, HttpContext, Task<int>>? Handler { get; set; }

    public static async Task<RecordingServer> StartAsync(int? port = null)
    {
        var server = new RecordingServer(port ?? Infrastructure.RepoPaths.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/ingest", async context =>
        {
            var post = await ReadAsync(context.Request);
            Received.Enqueue(post);
            var status = Handler is { } handler ? await handler(post, context) : Answer(post);
            if (status is >= 200 and < 300)
            {
                Recorded.Enqueue(post);
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
            {
                await app.StopAsync(limit.Token);
            }

            await app.DisposeAsync();
        }
    }

    static async Task<ReceivedPost> ReadAsync(HttpRequest request)
    {
        JsonNode? record = null;
        var files = new List<(string, long)>();
        try
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var part in form.Files)
            {
                if (part.Name == "record")
                {
                    await using var stream = part.OpenReadStream();
                    record = await JsonNode.ParseAsync(stream);
                }
                else
                {
                    files.Add((part.FileName, part.Length));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException or System.Text.Json.JsonException)
        {
            // A sender that gave up mid-body: keep the headers.
        }

        return new ReceivedPost(request.Headers["Idempotency-Key"].FirstOrDefault(), request.Headers["X-SmartLab-Record-Kind"].FirstOrDefault(),
            request.Headers.Authorization.FirstOrDefault(), record, files, DateTimeOffset.UtcNow);
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
