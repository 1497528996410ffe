using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Hosting;
using SmartLab.Messaging.Mqtt.Transport;

namespace SmartLab.Hub.Tests.Infrastructure;

/// <summary>The real hub, in this process: Kestrel on a free port, the embedded broker on a free port, a temporary data folder.</summary>
public sealed class TestHub : IAsyncDisposable
{
    readonly bool _ownsDataDirectory;

    TestHub(WebApplication app, string dataDirectory, bool ownsDataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public int MqttPort { get; private set; }
    public string AdminToken { get; private set; } = "";

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<TestHub> StartAsync(string? dataDirectory = null, params string[] extraArgs)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= RepoPaths.NewTempDirectory("smartlab-hub");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--SmartLab:DataDirectory={dataDirectory}",
            $"--SmartLab:ProfilesDirectory={RepoPaths.DeviceProfiles}",
            "--SmartLab:Mqtt:Port=0",
            "--SmartLab:Mqtt:BindAddress=127.0.0.1",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = HubApplication.Build(args);
        var hub = new TestHub(app, dataDirectory, owns);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        hub.BaseAddress = new Uri(address);
        hub.MqttPort = app.Services.GetService<EmbeddedBroker>() is { IsReady: true } broker ? broker.Port : 0;
        hub.AdminToken = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-token"))).Trim();
        return hub;
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient AdminClient() => Client(AdminToken);

    /// <summary>Registers an instrument through the API and returns the secret it was issued.</summary>
    public async Task<string> RegisterAsync(string id, string profile = "xrd-powder")
    {
        using var client = AdminClient();
        var response = await client.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest(id, profile));
        response.EnsureSuccessStatusCode();
        var registered = await response.Content.ReadFromJsonAsync<RegisteredInstrument>();
        return registered!.Mqtt.Password;
    }

    /// <summary>Creates an API account with a role and returns its token.</summary>
    public async Task<string> CreateAccountAsync(string id, string role)
    {
        using var client = AdminClient();
        var response = await client.PostAsJsonAsync("/api/v1/accounts", new CreateAccountRequest(id, role));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedAccount>())!.Token;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
