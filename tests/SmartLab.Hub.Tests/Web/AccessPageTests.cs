using System.Net;
using SmartLab.Hub.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace SmartLab.Hub.Tests.Web;

/// <summary>What a user may not reach in the browser: staff pages and other users' jobs.</summary>
[Collection(WebCollection.Name)]
public sealed class AccessPageTests(WebHub web)
{
    [ChromiumFact]
    public async Task User_StaffPagesAndAnotherUsersJob_NotShown()
    {
        using var aliceApi = web.Client("alice");
        var (status, job) = await JobKit.PostAsync(aliceApi, "/api/v1/jobs", new
        {
            instrument = "uvvis-01", method = "absorbanceScan", parameters = new { startWavelength = 400, stopWavelength = 500, interval = 1 },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var aliceJob = (string)job!["id"]!;

        await using var bob = await web.OpenAsync("en");
        var page = bob.Page;
        await bob.SignInAsync("bob");
        await Expect(page.Locator("#nav-jobs")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav-queue")).ToHaveCountAsync(0);

        await bob.GoAsync("/queue", "queue");
        await Expect(page.Locator(".staff-only")).ToBeVisibleAsync();
        await Expect(page.Locator("#receive-id")).ToHaveCountAsync(0);
        await bob.ScreenshotAsync("queue-refused", "en");

        await bob.GoAsync($"/job/{aliceJob}", "jobs");
        await Expect(page.Locator(".problem[data-status='404']")).ToContainTextAsync("Not found");
        await Expect(page.Locator("#job-state")).ToHaveCountAsync(0);
        await bob.ScreenshotAsync("job-not-found", "en");

        await bob.GoAsync("/jobs", "jobs");
        await Expect(page.Locator("#jobs-list")).Not.ToContainTextAsync(aliceJob);

        // No control for users: no lease, no commands, no emergency stop, no audit.
        await bob.GoAsync("/instrument/furnace-01", "board");
        await Expect(page.Locator("#telemetry-now")).ToBeVisibleAsync();
        await Expect(page.Locator("#estop")).ToHaveCountAsync(0);
        await Expect(page.Locator("#lease-panel")).ToHaveCountAsync(0);

        // Signing out forgets the token: the pages ask for sign-in again.
        await page.Locator("#signout").ClickAsync();
        await bob.GoAsync("/jobs", "signin");
        await Expect(page.Locator("#signin-token")).ToBeVisibleAsync();
        bob.AssertNoErrors();
    }
}
