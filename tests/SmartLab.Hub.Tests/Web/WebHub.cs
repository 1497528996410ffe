using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Web;

/// <summary>
/// One demo hub (the five simulated instruments and the demo accounts) and one headless Debian Chromium, shared by
/// every browser test: starting them once keeps the whole web test run short.
/// </summary>
public sealed class WebHub : IAsyncLifetime
{
    // The closed network this runs on: no first-run pages, no background requests to the outside, no QUIC.
    static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    IPlaywright? _playwright;

    public TestHub Hub { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Tokens { get; private set; } = new Dictionary<string, string>();

    public static string Screenshots { get; } = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // Only the tests marked [ChromiumFact] use this fixture; on CI a missing browser must fail them loudly.
        RepoPaths.RequireTool(ChromiumFactAttribute.ChromiumPath, "chromium");
        Hub = await TestHub.StartAsync(null, "--SmartLab:Demo=true", "--SmartLab:DemoTimeScale=200");
        Tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(
            await File.ReadAllTextAsync(Path.Combine(Hub.DataDirectory, "demo-tokens.json")))!;
        using (var admin = Hub.AdminClient())
        {
            await Eventually.TrueAsync(async () =>
            {
                var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/instruments?limit=100");
                return page.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("online").GetBoolean()) == 7;
            }, "the seven demo instruments online", TimeSpan.FromSeconds(30));
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(Screenshots);
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public HttpClient Client(string account) => Hub.Client(Tokens[account]);

    /// <summary>A fresh browser context (its own session storage) in a language, with console errors collected.</summary>
    public async Task<WebSession> OpenAsync(string language = "en")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = language == "ja" ? "ja-JP" : "en-US",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            BaseURL = Hub.BaseAddress.ToString(),
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new WebSession(context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebHub>
{
    public const string Name = "web pages";
}
