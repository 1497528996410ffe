using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Job transitions reach the requester's webhook, signed, and retried when the endpoint fails.</summary>
public sealed class WebhookTests
{
    // The notifier backs off from 1 s, exponentially with jitter: two failures cost a few seconds, rarely more.
    static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Transitions_SignedDeliveries_RetriedWithTheSameDeliveryIdAfter503()
    {
        const string secret = "4f1c0ffee-webhook-secret";
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var hub = await TestHub.StartAsync(null, "--SmartLab:Jobs:AllowPrivateWebhookTargets=true");
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));

        using (var bad = await alice.PutAsJsonAsync("/api/v1/me/webhook", new { url = "ftp://example.org/hook" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var set = await alice.PutAsJsonAsync("/api/v1/me/webhook", new { url = receiver.Url, secret }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var (_, view) = await GetAsync(alice, "/api/v1/me/webhook");
        Assert.Equal(receiver.Url, (string?)view!["url"]);
        Assert.True((bool)view["hasSecret"]!);

        var (_, job) = await PostAsync(alice, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;
        await Eventually.TrueAsync(() => receiver.Answered(200).Any(d => d.JobId == id && d.State == "submitted"),
            "the `submitted` delivery accepted", DeliveryTimeout);

        // The endpoint failed twice: the same delivery came back until it was taken.
        var first = receiver.All.Take(3).ToList();
        Assert.Equal([503, 503, 200], first.Select(d => d.Status).ToList());
        Assert.All(first, d => Assert.Equal(first[0].DeliveryId, d.DeliveryId));
        Assert.All(first, d => Assert.Equal(first[0].Body, d.Body));
        Assert.False(string.IsNullOrEmpty(first[0].DeliveryId));

        // Bob has no webhook: his job goes nowhere, and never to alice's endpoint.
        var (_, bobs) = await PostAsync(bob, "/api/v1/jobs", XrdScan());
        await ApproveAsync(staff, id);
        // Approval and queueing are one change (the instrument is offline, so the job waits in the queue).
        await Eventually.TrueAsync(() => receiver.Answered(200).Any(d => d.JobId == id && d.State == "queued"),
            "the approval delivered", DeliveryTimeout);
        var approval = receiver.Answered(200).First(d => d.JobId == id && d.State == "queued");
        Assert.Equal("tanaka", (string?)JsonNode.Parse(approval.Body)!["job"]!["operator"]);
        Assert.NotEqual(first[0].DeliveryId, approval.DeliveryId);
        Assert.DoesNotContain(receiver.All, d => d.JobId == (string)bobs!["id"]!);

        foreach (var delivery in receiver.All)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), delivery.Body));
            Assert.Equal(expected, delivery.Signature);
            var body = JsonNode.Parse(delivery.Body)!;
            Assert.Equal("job.transition", (string?)body["event"]);
            Assert.Equal(delivery.DeliveryId, (string?)body["deliveryId"]);
            Assert.Equal("alice", (string?)body["job"]!["requester"]);
            Assert.Equal("application/json", delivery.ContentType);
        }

        // Cleared, nothing more is sent.
        using (var clear = await alice.PutAsJsonAsync("/api/v1/me/webhook", new { url = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        }

        Assert.Null((await GetAsync(alice, "/api/v1/me/webhook")).Body!["url"]);
    }

    [Fact]
    public async Task AutomationJob_DeliveredToTheUserItActsFor()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 0);
        await using var hub = await TestHub.StartAsync(null, "--SmartLab:Jobs:AllowPrivateWebhookTargets=true");
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bot = hub.Client(await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice"));
        using (var set = await alice.PutAsJsonAsync("/api/v1/me/webhook", new { url = receiver.Url }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var (_, job) = await PostAsync(bot, "/api/v1/jobs", XrdScan());
        var id = (string)job!["id"]!;
        await Eventually.TrueAsync(() => receiver.Answered(200).Any(d => d.JobId == id), "the automation job's delivery", DeliveryTimeout);
        var delivery = receiver.Answered(200).First(d => d.JobId == id);
        Assert.Null(delivery.Signature); // no secret, no signature
        Assert.Equal("alice", (string?)JsonNode.Parse(delivery.Body)!["job"]!["onBehalfOf"]);
    }

    sealed record Delivery(string? DeliveryId, string? Signature, string? ContentType, byte[] Body, int Status)
    {
        JsonNode? Json => JsonNode.Parse(Body);

        public string? JobId => (string?)Json?["job"]?["id"];

        public string? State => (string?)Json?["job"]?["state"];
    }

    /// <summary>An HTTP endpoint in this process that records every POST and fails the first ones with 503.</summary>
    sealed class WebhookReceiver : IAsyncDisposable
    {
        readonly WebApplication _app;
        readonly ConcurrentQueue<Delivery> _received = new();
        readonly int _failFirst;
        int _count;

        WebhookReceiver(WebApplication app, int failFirst)
        {
            _app = app;
            _failFirst = failFirst;
        }

        public string Url { get; private set; } = "";

        public IReadOnlyList<Delivery> All => [.. _received];

        public IEnumerable<Delivery> Answered(int status) => All.Where(d => d.Status == status);

        public static async Task<WebhookReceiver> StartAsync(int failFirst)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            var receiver = new WebhookReceiver(app, failFirst);
            app.MapPost("/hook", receiver.ReceiveAsync);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver.Url = address + "/hook";
            return receiver;
        }

        async Task<IResult> ReceiveAsync(HttpRequest request)
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var status = Interlocked.Increment(ref _count) <= _failFirst ? 503 : 200;
            _received.Enqueue(new Delivery(request.Headers["X-SmartLab-Delivery"].FirstOrDefault(), request.Headers["X-SmartLab-Signature"].FirstOrDefault(),
                request.ContentType, body.ToArray(), status));
            return Results.StatusCode(status);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
