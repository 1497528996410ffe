using System.Net.Http.Json;
using System.Net;
using SmartLab.Hub.Tests.Jobs;
using static Microsoft.Playwright.Assertions;

namespace SmartLab.Hub.Tests.Web;

/// <summary>Every page in both languages: it renders, without script errors or blocked content, and is photographed.</summary>
[Collection(WebCollection.Name)]
public sealed class PagesTourTests(WebHub web)
{
    static readonly string[] Japanese = ["装置一覧", "測定依頼", "試料", "依頼状況", "自動実験", "スタッフ用キュー"];

    [ChromiumTheory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task EveryPage_BothLanguages_RendersTranslatedWithoutErrors(string language)
    {
        // A loop's job, so that the loop page has something to group (loops are client processes; their jobs say so).
        using var loop = web.Client("loop");
        var (status, job) = await JobKit.PostAsync(loop, "/api/v1/jobs", new
        {
            instrument = "uvvis-01", method = "absorbanceScan", parameters = new { startWavelength = 400, stopWavelength = 700, interval = 1 }, notes = $"loop:tour-{language}:1:measure",
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var loopJob = (string)job!["id"]!;

        // The loop's own status report: the page draws its convergence from it.
        using (var report = await loop.PutAsJsonAsync($"/api/v1/loops/tour-{language}", new
               {
                   state = "running", optimizer = "bayesian", goal = "minimize", budget = 10, inFlight = 1, objective = "sheetResistance of measure (mean)",
                   objectiveUnit = "Ohm/{sq}",
                   experiments = new object[]
                   {
                       new { number = 1, state = "done", value = 30.5 }, new { number = 2, state = "done", value = 18.25 },
                       new { number = 3, state = "done", value = 12.125 }, new { number = 4, state = "running" },
                   },
               }))
        {
            report.EnsureSuccessStatusCode();
        }

        await using var session = await web.OpenAsync(language);
        var page = session.Page;
        await page.GotoAsync("/#/signin");
        await Expect(page.Locator("#signin-as-alice")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await session.ScreenshotAsync("signin", language);
        await page.Locator("#signin-as-staff").ClickAsync();
        await Expect(page.Locator("#nav-queue")).ToBeVisibleAsync();
        if (language == "ja")
        {
            foreach (var word in Japanese)
            {
                await Expect(page.Locator("#nav")).ToContainTextAsync(word);
            }
        }

        foreach (var (route, name, ready) in new[]
                 {
                     ("/", "board", "article[data-instrument='xrd-01']"),
                     ("/instrument/xrd-01", "instrument", "#lease-panel"),
                     ("/queue", "queue", "#receive-id"),
                     ("/request", "request", "#request-target"),
                     ("/samples", "samples", "#sample-name"),
                     ("/jobs", "jobs", "#jobs-list"),
                     ($"/job/{loopJob}", "job", "#job-state .badge"),
                     ("/loops", "loops", $"section[data-loop='tour-{language}']"),
                 })
        {
            await page.GotoAsync("/#" + route);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            if (name == "loops")
            {
                var section = page.Locator($"section[data-loop='tour-{language}']");
                await Expect(section.Locator($"[id='convergence-tour-{language}']")).ToBeVisibleAsync();
                await Expect(section.Locator(".loop-status")).ToContainTextAsync("12.125 Ohm/{sq}");
                await Expect(section.Locator(".loop-status")).ToContainTextAsync(language == "ja" ? "実行中" : "running");
            }

            if (name is not ("instrument" or "board" or "queue" or "request" or "samples" or "job") || language == "ja")
            {
                await session.ScreenshotAsync(name, language);
            }
        }

        // The language switch is remembered for the next visit.
        var other = language == "ja" ? "en" : "ja";
        await page.Locator("#lang").SelectOptionAsync(other);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", other);
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", other);
        await Expect(page.Locator("#lang")).ToHaveValueAsync(other);
        session.AssertNoErrors();
    }
}
