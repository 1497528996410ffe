using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Api;

namespace SmartLab.Hub.Jobs;

/// <summary>
/// POSTs each job transition to the webhook of the job's requester (and of the user an automation account acts for),
/// with retries, exponential backoff with jitter and a per-attempt timeout. Body:
/// <c>{"event":"job.transition","deliveryId":…,"job":{…}}</c>; header <c>X-SmartLab-Signature: sha256=&lt;hex HMAC of the body&gt;</c>
/// when the account set a secret. Notifications are best effort: the job's history and its SSE stream are the record.
/// </summary>
public sealed class WebhookNotifier(JobEvents events, AccountService accounts, IHttpClientFactory httpClients, TimeProvider time,
    ILogger<WebhookNotifier> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>
    {
        TimeProvider = time,
    }
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        await foreach (var change in events.Notifications.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var account in new[] { change.Job.Requester, change.Job.OnBehalfOf }.OfType<string>().Distinct()
                         .Select(accounts.Find).OfType<Account>().Where(a => a.WebhookUrl is not null))
            {
                // One slow endpoint must not hold up the others: each delivery runs on its own.
                _ = DeliverAsync(http, account, change, stoppingToken);
            }
        }
    }

    async Task DeliverAsync(HttpClient http, Account account, JobChange change, CancellationToken cancellationToken)
    {
        var deliveryId = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @event = "job.transition",
            deliveryId,
            job = JobViews.ToView(change.Job, change.Progress, change.Stage),
        }, HubJson.Options);
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, account.WebhookUrl)
                {
                    Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
                };
                request.Headers.Add("X-SmartLab-Delivery", deliveryId);
                if (account.WebhookSecret is { } secret)
                {
                    request.Headers.Add("X-SmartLab-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
                }

                return await http.SendAsync(request, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Webhook of {Account} answered {Status} for job {JobId}; giving up", account.Id, (int)response.StatusCode, change.Job.Id);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            logger.LogWarning("Webhook of {Account} for job {JobId} not delivered: {Error}", account.Id, change.Job.Id, ex.Message);
        }
    }
}
