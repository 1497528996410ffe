using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SmartLab.Agent;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using SmartLab.Loop.Runner;
using SmartLab.Simulators;
using SmartLab.Simulators.Films;

namespace SmartLab.Loop.Tests.Runner;

/// <summary>
/// A small facility for loop tests: the real hub in-process, a simulated tube furnace and four-point probe sharing this
/// test's film record, a user (alice), her automation account (robot) and a staff member (tanaka).
/// </summary>
internal sealed class LoopLab : IAsyncDisposable
{
    public const double TimeScale = 20_000;

    readonly List<SimulatorAgent> _simulators = [];
    readonly List<HttpClient> _clients = [];

    LoopLab(TestHub hub) => Hub = hub;

    public TestHub Hub { get; }

    /// <summary>This test's films: what each sample went through in the simulated furnace.</summary>
    public SimulatedSamples Samples { get; } = new();

    public string RobotToken { get; private set; } = "";

    /// <summary>The user the robot acts for.</summary>
    public string AliceToken { get; private set; } = "";

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Staff { get; private set; } = null!;

    /// <summary>Starts the lab; with <paramref name="autoApprove"/> both instruments let the robot run without review.</summary>
    public static async Task<LoopLab> StartAsync(bool autoApprove)
    {
        var lab = new LoopLab(await TestHub.StartAsync());
        try
        {
            lab.Admin = lab.Client(lab.Hub.AdminToken);
            await lab.StartSimulatorAsync("furnace-01", "tube-furnace");
            await lab.StartSimulatorAsync("probe-01", "four-point-probe");
            lab.AliceToken = await lab.Hub.CreateAccountAsync("alice", "user");
            lab.RobotToken = await CreateAutomationAccountAsync(lab.Admin, "robot", "alice");
            lab.Staff = lab.Client(await lab.Hub.CreateAccountAsync("tanaka", "staff"));
            if (autoApprove)
            {
                foreach (var instrument in new[] { "furnace-01", "probe-01" })
                {
                    using var response = await lab.Staff.PutAsJsonAsync($"api/v1/instruments/{instrument}/automation-policy",
                        new AutomationPolicyView { AutoApprove = true }, HubJson.Options);
                    response.EnsureSuccessStatusCode();
                }
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// An HTTP client with the token and no overall timeout (event streams stay open as long as a job runs; the loop
    /// client applies its own per-request timeout).
    /// </summary>
    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Hub.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        return client;
    }

    /// <summary>The robot's loop client: a fresh one per run, as a restarted process would have.</summary>
    public LoopHubClient RobotHub() => new(Client(RobotToken));

    /// <summary>Every job of the robot, through the API as staff see it.</summary>
    public async Task<IReadOnlyList<JobView>> RobotJobsAsync()
    {
        var jobs = new List<JobView>();
        string? cursor = null;
        do
        {
            var page = await Staff.GetFromJsonAsync<Page<JobView>>($"api/v1/jobs?requester=robot&limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}",
                HubJson.Options);
            jobs.AddRange(page!.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return jobs;
    }

    /// <summary>
    /// Staff decide on every job the robot leaves in <c>submitted</c> until <paramref name="run"/> ends (2 minutes at
    /// most); returns each decided job with the action taken (<c>approve</c> or <c>reject</c>).
    /// </summary>
    public async Task<Dictionary<string, string>> DecideUntilDoneAsync(Task run, Func<JobView, string> action, string reason)
    {
        var decided = new Dictionary<string, string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!run.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the loop did not finish within 2 minutes of staff decisions ({decided.Count} made)");
            foreach (var job in (await RobotJobsAsync()).Where(j => j.State == "submitted" && !decided.ContainsKey(j.Id)))
            {
                var what = action(job);
                using var response = await Staff.PostAsJsonAsync($"api/v1/jobs/{job.Id}/{what}", new JobActionRequest(reason), HubJson.Options);
                response.EnsureSuccessStatusCode();
                decided[job.Id] = what;
            }

            await Task.WhenAny(run, Task.Delay(50));
        }

        return decided;
    }

    static async Task<string> CreateAutomationAccountAsync(HttpClient admin, string id, string onBehalfOf)
    {
        using var response = await admin.PostAsJsonAsync("api/v1/accounts", new CreateAccountRequest(id, "automation", OnBehalfOf: onBehalfOf), HubJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedAccount>(HubJson.Options))!.Token;
    }

    async Task StartSimulatorAsync(string id, string profile)
    {
        var secret = await Hub.RegisterAsync(id, profile);
        var simulator = SimulatorCatalog.Create(profile, new AgentOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = Hub.MqttPort,
            InstrumentId = id,
            Secret = secret,
            StateDirectory = Path.Combine(Hub.DataDirectory, "agents", id),
        }, new SimulatorOptions { TimeScale = TimeScale, Seed = 11, Samples = Samples }, NullLoggerFactory.Instance, TimeProvider.System);
        _simulators.Add(simulator);
        await simulator.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () =>
            (await Admin.GetFromJsonAsync<InstrumentView>($"api/v1/instruments/{id}", HubJson.Options))!.Online, $"{id} online");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Hub.DisposeAsync();
    }
}
