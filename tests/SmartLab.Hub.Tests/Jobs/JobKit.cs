using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Simulators;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Shared steps of the job tests: simulated instruments, accounts, and JSON over the real HTTP API.</summary>
internal static class JobKit
{
    public static readonly JsonSerializerOptions Json = HubJson.Options;

    /// <summary>Registers an instrument and connects a simulator for it (fast: <paramref name="timeScale"/>× real time).</summary>
    public static async Task<SimulatorAgent> StartSimulatorAsync(TestHub hub, string id, string profile = "xrd-powder", double timeScale = 5000)
    {
        var secret = await hub.RegisterAsync(id, profile);
        return await ConnectSimulatorAsync(hub, id, secret, profile, timeScale);
    }

    /// <summary>Connects a simulator for an instrument registered earlier (for example before a hub restart).</summary>
    public static async Task<SimulatorAgent> ConnectSimulatorAsync(TestHub hub, string id, string secret, string profile = "xrd-powder",
        double timeScale = 5000)
    {
        var simulator = SimulatorCatalog.Create(profile, new AgentOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = hub.MqttPort,
            InstrumentId = id,
            Secret = secret,
            StateDirectory = Path.Combine(hub.DataDirectory, "agents", id),
        }, new SimulatorOptions { TimeScale = timeScale, Seed = 7 }, NullLoggerFactory.Instance, TimeProvider.System);
        await simulator.StartAsync(CancellationToken.None);
        using var admin = hub.AdminClient();
        await Eventually.TrueAsync(async () =>
            (await admin.GetFromJsonAsync<InstrumentView>($"/api/v1/instruments/{id}", Json))!.Online, $"{id} online");
        return simulator;
    }

    public static object XrdScan(string? sampleId = null, string instrument = "xrd-01") => new
    {
        instrument,
        method = "theta2theta",
        parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
        sampleId,
    };

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(HttpClient client, string path, object? body = null,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }, options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || response.Content.Headers.ContentType?.MediaType is not ("application/json" or "application/problem+json")
            ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> JobAsync(HttpClient client, string id) => (await GetAsync(client, $"/api/v1/jobs/{id}")).Body!;

    public static async Task<JsonNode> WaitForStateAsync(HttpClient client, string id, params string[] states)
    {
        JsonNode? job = null;
        await Eventually.TrueAsync(async () =>
        {
            job = await JobAsync(client, id);
            return states.Contains((string?)job["state"]);
        }, $"job {id} in state {string.Join(" or ", states)}", TimeSpan.FromSeconds(60));
        return job!;
    }

    /// <summary>Creates an account (an automation account may act for <paramref name="onBehalfOf"/>) and returns its token.</summary>
    public static async Task<string> CreateAccountAsync(TestHub hub, string id, string role, string? onBehalfOf)
    {
        using var admin = hub.AdminClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/accounts", new CreateAccountRequest(id, role, OnBehalfOf: onBehalfOf));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedAccount>())!.Token;
    }

    /// <summary>Asserts a problem answer with its status, code and (when given) field; returns the detail sentence.</summary>
    public static string AssertProblem((HttpStatusCode Status, JsonNode? Body) answer, HttpStatusCode status, string code, string? field = null)
    {
        Assert.True(answer.Status == status, $"expected {(int)status}, got {(int)answer.Status}: {answer.Body?.ToJsonString()}");
        Assert.NotNull(answer.Body);
        Assert.Equal(code, (string?)answer.Body["code"]);
        if (field is not null)
        {
            Assert.Equal(field, (string?)answer.Body["field"]);
        }

        return (string?)answer.Body["detail"] ?? "";
    }

    /// <summary>A staff member approves the job; returns it after the change.</summary>
    public static async Task<JsonNode> ApproveAsync(HttpClient staff, string id)
    {
        var (status, job) = await PostAsync(staff, $"/api/v1/jobs/{id}/approve");
        Assert.Equal(HttpStatusCode.OK, status);
        return job!;
    }

    public static List<string> StatesOf(JsonNode job) => job["history"]!.AsArray().Select(h => (string)h!["to"]!).ToList();
}
