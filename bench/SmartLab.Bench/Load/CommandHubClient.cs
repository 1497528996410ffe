using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartLab.Bench.Load;

/// <summary>
/// The hub's HTTP API as the commands benchmark uses it: the admin registers tube furnaces, a staff member takes the
/// control lease and sends commands one at a time, as a lab's control script would.
/// </summary>
public sealed class CommandHubClient : IDisposable
{
    static readonly MediaTypeHeaderValue Json = new("application/json");

    readonly HttpClient _admin;
    readonly HttpClient _staff;

    public CommandHubClient(Uri hub, string adminToken, string staffToken)
    {
        _admin = Create(hub, adminToken);
        _staff = Create(hub, staffToken);
    }

    static HttpClient Create(Uri hub, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = hub, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Registers instruments of <paramref name="profile"/>; returns each id with its MQTT password.</summary>
    public async Task<List<(string Id, string? Secret)>> RegisterAsync(IReadOnlyList<string> ids, string profile)
    {
        var result = new List<(string, string?)>(ids.Count);
        foreach (var id in ids)
        {
            using var response = await _admin.PostAsJsonAsync(new Uri("/api/v1/instruments", UriKind.Relative), new { id, profile }).ConfigureAwait(false);
            var body = await EnsureAsync(response, $"register {id}").ConfigureAwait(false);
            result.Add((id, (string?)body["mqtt"]?["password"] ?? throw new InvalidOperationException("registration answered no password")));
        }

        return result;
    }

    /// <summary>Waits until every instrument is online and idle in the hub's list.</summary>
    public async Task WaitIdleAsync(IEnumerable<string> ids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            while (true)
            {
                var view = await _staff.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/instruments/{id}", UriKind.Relative)).ConfigureAwait(false);
                if ((bool?)view?["online"] == true && (string?)view["status"] == "idle")
                {
                    break;
                }

                if (clock.Elapsed > timeout)
                {
                    throw new InvalidOperationException($"instrument {id} is not online and idle after {timeout.TotalSeconds:0} s: {view?.ToJsonString()}");
                }

                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes the control lease of <paramref name="id"/> for an hour; returns its id (for <c>X-Lease-Id</c>).</summary>
    public async Task<string> AcquireLeaseAsync(string id)
    {
        using var response = await _staff.PostAsJsonAsync(new Uri($"/api/v1/instruments/{id}/lease", UriKind.Relative),
            new { purpose = "commands benchmark", durationSeconds = 3600 }).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            throw new InvalidOperationException($"the hub has no lease API (POST /api/v1/instruments/{id}/lease answered {(int)response.StatusCode}); build a hub with remote control");
        }

        var body = await EnsureAsync(response, $"lease {id}").ConfigureAwait(false);
        return (string?)body["leaseId"] ?? throw new InvalidOperationException($"lease of {id} answered no leaseId: {body.ToJsonString()}");
    }

    public async Task ReleaseLeaseAsync(string id, string leaseId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/api/v1/instruments/{id}/lease", UriKind.Relative));
        request.Headers.Add("X-Lease-Id", leaseId);
        using var response = await _staff.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="name"/> with <paramref name="parameters"/> (ready JSON) under the lease and reads the whole
    /// answer. Returns the round trip (stopwatch ticks, request sent → answer read), the hub's own <c>latencyMs</c>
    /// (command published → reply received) and how many times the hub sent the command.
    /// </summary>
    public async Task<(long RoundTripTicks, double HubLatencyMs, int Attempts)> SendAsync(string id, string leaseId, string name, byte[] parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/instruments/{id}/commands/{name}", UriKind.Relative));
        request.Headers.Add("X-Lease-Id", leaseId);
        request.Content = new ByteArrayContent(parameters);
        request.Content.Headers.ContentType = Json;
        var started = Stopwatch.GetTimestamp();
        using var response = await _staff.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"command {name} on {id}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "completed")
        {
            throw new InvalidOperationException($"command {name} on {id} answered {Encoding.UTF8.GetString(body)}");
        }

        return (elapsed, root.GetProperty("latencyMs").GetDouble(), root.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : 1);
    }

    static async Task<JsonObject> EnsureAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"{what}: answered {text}");
    }

    public void Dispose()
    {
        _admin.Dispose();
        _staff.Dispose();
    }
}
