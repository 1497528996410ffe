using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SmartLab.Hub.Tests.Web;

/// <summary>One signed-in browser tab: sign-in through the demo's one-click buttons, page helpers, screenshots, errors.</summary>
public sealed class WebSession : IAsyncDisposable
{
    readonly List<string> _errors = [];

    public WebSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        // A script error or a Content-Security-Policy violation shows up here; every test asserts there were none.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Signs in as a demo account with its one-click button on the sign-in page.</summary>
    public async Task SignInAsync(string account)
    {
        await Page.GotoAsync("/#/signin");
        await Page.Locator($"#signin-as-{account}").ClickAsync();
        await Expect(Page.Locator("#nav-board")).ToBeVisibleAsync();
    }

    /// <summary>Opens a page by its hash route and waits until the router has shown it.</summary>
    public async Task GoAsync(string route, string page)
    {
        await Page.GotoAsync("/#" + route);
        await Expect(Page.Locator($"main#view[data-page='{page}']")).ToBeVisibleAsync();
    }

    /// <summary>Saves <c>artifacts/screenshots/&lt;name&gt;-&lt;lang&gt;.png</c> at the repository root.</summary>
    public async Task ScreenshotAsync(string name, string language) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebHub.Screenshots, $"{name}-{language}.png"), FullPage = true });

    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "browser errors: " + string.Join(" | ", Errors));

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
