using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Peers;

/// <summary>
/// The SmartLab hub as the product runs: its own process (on the peer core), a fresh data folder, the embedded broker
/// on loopback, and the admin token it writes at first start for the API calls the runner makes.
/// </summary>
public sealed class HubPeer : IAsyncDisposable
{
    readonly ChildProcess _process;
    readonly HttpClient _http;

    HubPeer(ChildProcess process, HttpClient http, int mqttPort, string dataDirectory)
    {
        _process = process;
        _http = http;
        MqttPort = mqttPort;
        DataDirectory = dataDirectory;
    }

    public const string Name = "SmartLab hub";

    public int MqttPort { get; }

    /// <summary>Where the hub's HTTP API listens (for clients that log in with another account than the admin).</summary>
    public Uri BaseAddress => _http.BaseAddress!;
    public string DataDirectory { get; }
    public int Pid => _process.Pid;
    public long ResidentBytes => _process.ResidentBytes;

    public static async Task<HubPeer> StartAsync(BenchContext context, string purpose)
    {
        var hubDll = context.Settings.HubDll;
        if (!File.Exists(hubDll))
        {
            throw new InvalidOperationException(
                $"{hubDll} is missing: build the hub first (dotnet build -c {RepoPaths.Configuration} src/SmartLab.Hub)");
        }

        var data = context.NewDirectory($"hub-{purpose}");
        var httpPort = RepoPaths.FreePort();
        var mqttPort = RepoPaths.FreePort();
        var info = context.Pinning.PeerStartInfo("dotnet",
        [
            hubDll, "--urls", $"http://127.0.0.1:{httpPort}", $"--SmartLab:DataDirectory={data}",
            $"--SmartLab:ProfilesDirectory={RepoPaths.DeviceProfiles}", $"--SmartLab:Mqtt:Port={mqttPort}",
            "--SmartLab:Mqtt:BindAddress=127.0.0.1", "--Logging:LogLevel:Default=Warning",
        ]);
        info.WorkingDirectory = data;
        context.ConfigureDotnetPeer(info);
        var process = ChildProcess.Start(Name, info, Path.Combine(context.WorkDirectory, $"hub-{purpose}.log"));
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await WaitReadyAsync(process, http).ConfigureAwait(false);
            var token = (await File.ReadAllTextAsync(Path.Combine(data, "admin-token")).ConfigureAwait(false)).Trim();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new HubPeer(process, http, mqttPort, data);
        }
        catch
        {
            process.Dispose();
            http.Dispose();
            throw;
        }
    }

    static async Task WaitReadyAsync(ChildProcess process, HttpClient http)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the hub exited during start:\n{process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (started.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"the hub was not ready within 60 s:\n{process.Tail()}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Registers instruments of one profile (xrd-powder unless said) through the API; returns each id with its MQTT password.</summary>
    public async Task<List<(string Id, string? Secret)>> RegisterAsync(IReadOnlyList<string> ids, int parallel = 8, string profile = "xrd-powder")
    {
        var secrets = new string?[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, token) =>
        {
            using var response = await _http.PostAsJsonAsync(new Uri("/api/v1/instruments", UriKind.Relative),
                new { id = ids[i], profile }, token).ConfigureAwait(false);
            await EnsureAsync(response, $"register {ids[i]}").ConfigureAwait(false);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(token).ConfigureAwait(false);
            secrets[i] = (string?)body?["mqtt"]?["password"] ?? throw new InvalidOperationException("registration answered no password");
        }).ConfigureAwait(false);
        return [.. ids.Select((id, i) => (id, secrets[i]))];
    }

    /// <summary>Creates an API account and returns its token (an observer logs in with it over MQTT).</summary>
    public async Task<string> CreateAccountAsync(string id, string role, string? onBehalfOf = null)
    {
        using var response = await _http.PostAsJsonAsync(new Uri("/api/v1/accounts", UriKind.Relative), new { id, role, onBehalfOf }).ConfigureAwait(false);
        await EnsureAsync(response, $"create account {id}").ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false);
        return (string?)body?["token"] ?? throw new InvalidOperationException("account creation answered no token");
    }

    /// <summary>Lets automation accounts run jobs on <paramref name="instrumentId"/> without staff review.</summary>
    public async Task AutoApproveAsync(string instrumentId)
    {
        using var response = await _http.PutAsJsonAsync(new Uri($"/api/v1/instruments/{instrumentId}/automation-policy", UriKind.Relative),
            new { autoApprove = true }).ConfigureAwait(false);
        await EnsureAsync(response, $"automation policy of {instrumentId}").ConfigureAwait(false);
    }

    /// <summary>Waits until the hub counts at least <paramref name="count"/> instruments online (polling its counters).</summary>
    public async Task WaitOnlineAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long online;
        while ((online = (await CountersAsync().ConfigureAwait(false)).Online) < count)
        {
            if (clock.Elapsed > limit)
            {
                throw new InvalidOperationException($"only {online} of {count} instruments online after {limit.TotalSeconds:0} s:\n{Tail()}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>The Prometheus counters of <c>/metrics</c>, unlabelled ones only.</summary>
    public async Task<Dictionary<string, double>> MetricsAsync()
    {
        var text = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || line.Contains('{', StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                result[parts[0]] = value;
            }
        }

        return result;
    }

    /// <summary>Per-instrument counters summed over all instruments (<c>GET /api/v1/instruments</c>, every page).</summary>
    public async Task<HubCounters> CountersAsync()
    {
        var sum = new HubCounters();
        string? cursor = null;
        do
        {
            var page = await _http.GetFromJsonAsync<JsonObject>(new Uri(
                "/api/v1/instruments?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), UriKind.Relative))
                .ConfigureAwait(false);
            foreach (var instrument in page?["items"]?.AsArray() ?? [])
            {
                Add(sum, instrument);
            }

            cursor = (string?)page?["nextCursor"];
        }
        while (cursor is not null);

        return sum;
    }

    static void Add(HubCounters sum, JsonNode? instrument)
    {
        {
            var c = instrument?["counters"];
            sum.TelemetryAccepted += (long?)c?["telemetryAccepted"] ?? 0;
            sum.TelemetryRejected += (long?)c?["telemetryRejected"] ?? 0;
            sum.SeqGaps += (long?)c?["seqGaps"] ?? 0;
            sum.MeasurementsStored += (long?)c?["measurementsStored"] ?? 0;
            sum.MeasurementsRejected += (long?)c?["measurementsRejected"] ?? 0;
            sum.Online += (bool?)instrument?["online"] == true ? 1 : 0;
        }
    }

    async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {body}\n{_process.Tail()}");
        }
    }

    public string Tail() => _process.Tail();

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
