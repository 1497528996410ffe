using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace SmartLab.Hub.Tests.Web;

/// <summary>Generated forms refuse out-of-range values with a message naming the limit, in English and Japanese.</summary>
[Collection(WebCollection.Name)]
public sealed class FormLimitPageTests(WebHub web)
{
    [ChromiumTheory]
    [InlineData("en", "stop must be at most 150 deg")]
    [InlineData("ja", "stop は 150 deg 以下にしてください")]
    public async Task RequestForm_ValueAboveProfileMaximum_RefusedNamingTheLimit(string language, string message)
    {
        await using var alice = await web.OpenAsync(language);
        var page = alice.Page;
        await alice.SignInAsync("alice");
        await alice.GoAsync("/request", "request");
        await page.Locator("#request-target").SelectOptionAsync("instrument:xrd-01");
        await page.Locator("#param-start").FillAsync("20");
        await page.Locator("#param-stop").FillAsync("200");
        await page.Locator("#param-step").FillAsync("0.05");
        await page.Locator("#param-dwell").FillAsync("abc");
        await page.Locator("#request-submit").ClickAsync();

        await Expect(page.Locator("#param-stop-error")).ToContainTextAsync(message);
        await Expect(page.Locator("#param-stop")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#param-dwell-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#param-start-error")).ToBeEmptyAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/request$"));
        await alice.ScreenshotAsync("request-refused", language);

        // A request the form lets through but the hub refuses (here: altered on its way, as a client with an outdated
        // profile would send it) shows the hub's problem and marks the field the hub named.
        await page.RouteAsync("**/api/v1/jobs", async route =>
        {
            var body = route.Request.PostData!.Replace("\"stop\":60", "\"stop\":600", StringComparison.Ordinal);
            await route.ContinueAsync(new() { PostData = System.Text.Encoding.UTF8.GetBytes(body) });
        });
        await page.Locator("#param-stop").FillAsync("60");
        await page.Locator("#param-dwell").FillAsync("0.1");
        await page.Locator("#request-submit").ClickAsync();
        await Expect(page.Locator("#request-result .problem[data-code='above_maximum']")).ToContainTextAsync("150");
        await Expect(page.Locator("#param-stop-error")).ToContainTextAsync("150");
        await Expect(page).ToHaveURLAsync(new Regex("#/request$"));
        alice.AssertNoErrors();
    }

    [ChromiumTheory]
    [InlineData("en", "wavelength must be at most 1,100 nm")]
    [InlineData("ja", "wavelength は 1,100 nm 以下にしてください")]
    public async Task CommandForm_WavelengthAboveProfileMaximum_RefusedBeforeSending(string language, string message)
    {
        await using var staff = await web.OpenAsync(language);
        var page = staff.Page;
        await staff.SignInAsync("staff2");
        await staff.GoAsync("/instrument/uvvis-01", "board");
        await page.Locator("#lease-take").ClickAsync();
        await page.Locator("#cmd-setWavelength-wavelength").FillAsync("5000");
        await page.Locator("#cmd-setWavelength button[type='submit']").ClickAsync();
        await Expect(page.Locator("#cmd-setWavelength-wavelength-error")).ToContainTextAsync(message);
        await Expect(page.Locator("#cmd-setWavelength-result .notice-error")).ToBeVisibleAsync();
        await staff.ScreenshotAsync("instrument-refused", language);
        await page.Locator("#lease-release").ClickAsync();
        await Expect(page.Locator("#lease-take")).ToBeVisibleAsync();
        staff.AssertNoErrors();
    }
}
