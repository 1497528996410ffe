using System.Text;
using SmartLab.Hub.Feed;

namespace SmartLab.Hub.Tests.Feed;

/// <summary>The HTTP sink against a real local server: headers, body, retries, Retry-After, refusals, timeouts.</summary>
public sealed class HttpSinkTests
{
    static FeedPackage Package(string id = "J-000007") =>
        new(id, "job", Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","kind":"job"}"""),
            [new FeedFile("files/M-1/scan.xy", "text/plain", 5, "", () => new MemoryStream("1 2 3"u8.ToArray()))]);

    static HttpSink Sink(RecordingServer server, Action<FeedSinkOptions>? configure = null)
    {
        var options = new FeedSinkOptions
        {
            Type = "http", Name = "platform", Url = server.Url.ToString(), Token = "s3cret",
            Timeout = TimeSpan.FromSeconds(1), MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(50), BreakDuration = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return new HttpSink(options, TimeProvider.System);
    }

    [Fact]
    public async Task Deliver_SendsIdempotencyKeyTokenRecordAndFiles()
    {
        await using var server = await RecordingServer.StartAsync();
        using var sink = Sink(server);

        await sink.DeliverAsync(Package(), CancellationToken.None);

        var post = Assert.Single(server.Recorded);
        Assert.Equal("J-000007", post.IdempotencyKey);
        Assert.Equal("job", post.Kind);
        Assert.Equal("Bearer s3cret", post.Authorization);
        Assert.Equal("J-000007", (string?)post.Record!["id"]);
        Assert.Equal([("files/M-1/scan.xy", 5L)], post.Files);
    }

    [Fact]
    public async Task Deliver_503WithRetryAfterSeconds_WaitsThatLongThenSucceeds()
    {
        await using var server = await RecordingServer.StartAsync();
        server.Handler = (_, context) =>
        {
            if (server.Received.Count > 1)
            {
                return Task.FromResult(200);
            }

            context.Response.Headers.RetryAfter = "1";
            return Task.FromResult(503);
        };
        using var sink = Sink(server);

        await sink.DeliverAsync(Package(), CancellationToken.None);

        var times = server.Received.Select(p => p.At).ToList();
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"second attempt after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Deliver_429WithRetryAfterDate_Honoured()
    {
        await using var server = await RecordingServer.StartAsync();
        server.Handler = (_, context) =>
        {
            if (server.Received.Count > 1)
            {
                return Task.FromResult(200);
            }

            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R");
            return Task.FromResult(429);
        };
        using var sink = Sink(server);

        await sink.DeliverAsync(Package(), CancellationToken.None);

        var times = server.Received.Select(p => p.At).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"second attempt after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Deliver_RetryAfterLongerThanAllowed_FailsAtOnceWithThePause()
    {
        await using var server = await RecordingServer.StartAsync();
        server.Handler = (_, context) =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return Task.FromResult(503);
        };
        using var sink = Sink(server);

        var error = await Assert.ThrowsAsync<FeedDeliveryException>(() => sink.DeliverAsync(Package(), CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Deliver_422_PermanentAndNotRetried()
    {
        await using var server = await RecordingServer.StartAsync();
        server.Answer = _ => 422;
        using var sink = Sink(server);

        var error = await Assert.ThrowsAsync<FeedDeliveryException>(() => sink.DeliverAsync(Package(), CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("answered 422", error.Message);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task Deliver_ServerStalls_EachAttemptTimesOutThenTransientFailure()
    {
        await using var server = await RecordingServer.StartAsync();
        server.Handler = async (_, context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return 200;
        };
        using var sink = Sink(server, o => o.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<FeedDeliveryException>(() => sink.DeliverAsync(Package(), CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.Contains("did not answer within 1 s", error.Message);
        await Infrastructure.Eventually.TrueAsync(() => server.Received.Count == 2, "two attempts reached the server");
    }

    [Fact]
    public async Task Deliver_ConnectionRefused_TransientThenCircuitOpens()
    {
        await using var server = await RecordingServer.StartAsync();
        await server.StopAsync();
        using var sink = Sink(server, o => o.MaxRetries = 5);

        var first = await Assert.ThrowsAsync<FeedDeliveryException>(() => sink.DeliverAsync(Package(), CancellationToken.None));
        var second = await Assert.ThrowsAsync<FeedDeliveryException>(() => sink.DeliverAsync(Package(), CancellationToken.None));

        Assert.False(first.Permanent);
        Assert.Contains("circuit open", second.Message); // refused without trying: the breaker opened during the first delivery
        Assert.NotNull(second.RetryAfter);
    }
}
