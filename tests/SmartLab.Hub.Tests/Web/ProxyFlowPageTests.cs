using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SmartLab.Hub.Tests.Web;

/// <summary>The technical-proxy service in the browser: a user requests, staff review and receive, the user gets the data.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ProxyFlowPageTests(WebHub web)
{
    [GeneratedRegex(@"S-\d{6}")]
    private static partial Regex SampleId();

    [GeneratedRegex(@"#/job/(J-\d{6})$")]
    private static partial Regex JobUrl();

    [ChromiumFact]
    public async Task ProxyFlow_UserRequestsStaffApprovesAndReceives_UserWatchesRunAndDownloadsData()
    {
        await using var alice = await web.OpenAsync("en");
        var page = alice.Page;
        await alice.SignInAsync("alice");

        // A sample with its printable label.
        await alice.GoAsync("/samples", "samples");
        await page.Locator("#sample-name").FillAsync("Web pellet #1");
        await page.Locator("#sample-composition").FillAsync("LiCoO2");
        await page.Locator("#sample-create").ClickAsync();
        await Expect(page.Locator("#sample-result .notice-ok")).ToContainTextAsync("registered");
        var sampleId = SampleId().Match(await page.Locator("#sample-result").InnerTextAsync()).Value;
        await page.Locator($"#samples-list button[data-sample='{sampleId}']").ClickAsync();
        await Expect(page.Locator("#label-image")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('label-image')?.naturalWidth === 600");
        await alice.ScreenshotAsync("samples", "en");

        // The request form, generated from the method's parameters.
        await alice.GoAsync("/request", "request");
        await page.Locator("#request-target").SelectOptionAsync("instrument:xrd-01");
        await page.Locator("#request-method").SelectOptionAsync("theta2theta");
        await Expect(page.Locator("#request-duration")).ToBeVisibleAsync();
        await Expect(page.Locator("#param-tubeVoltage")).ToHaveValueAsync("40");
        await page.Locator("#request-sample").SelectOptionAsync(sampleId);
        await page.Locator("#param-start").FillAsync("20");
        await page.Locator("#param-stop").FillAsync("60");
        await page.Locator("#param-step").FillAsync("0.02");
        await page.Locator("#param-dwell").FillAsync("0.5");
        await alice.ScreenshotAsync("request", "en");
        await page.Locator("#request-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(JobUrl());
        var jobId = JobUrl().Match(page.Url).Groups[1].Value;
        await Expect(page.Locator("#job-state .badge")).ToHaveAttributeAsync("data-state", "submitted");

        // Staff approve it in the queue and receive the sample by typing its id (as a scanner would).
        await using var staff = await web.OpenAsync("en");
        var staffPage = staff.Page;
        await staff.SignInAsync("staff");
        await staff.GoAsync("/queue", "queue");
        await staffPage.Locator($"#queue-review button[data-action='approve'][data-job='{jobId}']").ClickAsync();
        await Expect(staffPage.Locator($"#queue-sample tr[data-job='{jobId}']")).ToBeVisibleAsync();
        await staff.ScreenshotAsync("queue", "en");
        await staffPage.Locator("#receive-id").FillAsync(sampleId);
        await staffPage.Locator("#receive-id").PressAsync("Enter");
        await Expect(staffPage.Locator("#receive-result .notice-ok")).ToContainTextAsync(jobId);

        // The requester watches it run live (the job's event stream), then waits for staff to release the data.
        await Expect(page.Locator("#job-state .badge")).ToHaveAttributeAsync("data-state", "running");
        await alice.ScreenshotAsync("job-running", "en");
        await Expect(page.Locator("#job-state .badge")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 60_000 });
        await Expect(page.Locator("#job-results")).ToContainTextAsync("staff check the data");

        await staff.GoAsync($"/job/{jobId}", "jobs");
        await staffPage.Locator("#job-deliver").ClickAsync();
        await Expect(staffPage.Locator("#job-state .badge")).ToHaveAttributeAsync("data-state", "delivered");

        // The plot of the diffraction pattern and the downloads.
        await Expect(page.Locator("#job-state .badge")).ToHaveAttributeAsync("data-state", "delivered");
        var plot = page.Locator(".measurement .chart-frame[data-quantity='intensity'] .chart");
        await Expect(plot).ToHaveAttributeAsync("data-points", "2001");
        await Expect(plot.Locator("canvas")).ToBeVisibleAsync();
        await alice.ScreenshotAsync("job", "en");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-csv").ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename, StringComparison.Ordinal);
        var csvText = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.Contains("twoTheta", csvText, StringComparison.Ordinal);
        Assert.Contains(jobId, csvText, StringComparison.Ordinal);
        await Expect(page.Locator("#download-result .notice-ok")).ToContainTextAsync(csv.SuggestedFilename);

        // NeXus, RO-Crate and RDE: where the hub offers the format, the browser gets the same bytes; where it does not
        // (yet), the page shows the hub's refusal instead of a broken file.
        using var client = web.Client("alice");
        var measurementId = await page.Locator(".measurement").First.GetAttributeAsync("data-measurement");
        foreach (var (button, path, magic) in new[]
                 {
                     ("#download-nexus", $"/api/v1/measurements/{measurementId}/export?format=nexus", new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F' }),
                     ("#download-rocrate", $"/api/v1/jobs/{jobId}/dataset?format=rocrate", "PK"u8.ToArray()),
                     ("#download-rde", $"/api/v1/jobs/{jobId}/dataset?format=rde", "PK"u8.ToArray()),
                 })
        {
            using var direct = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            var expected = await direct.Content.ReadAsByteArrayAsync();
            var file = await page.RunAndWaitForDownloadAsync(() => page.Locator(button).ClickAsync());
            var bytes = await File.ReadAllBytesAsync((await file.PathAsync())!);

            // Files carry their creation time, so two exports of the same data may differ by a few bytes.
            Assert.InRange(bytes.Length, expected.Length * 0.95, expected.Length * 1.05);
            Assert.Equal(magic, bytes.Take(magic.Length).ToArray());
        }

        alice.AssertNoErrors();
        staff.AssertNoErrors();
    }
}
