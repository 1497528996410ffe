using System.Globalization;
using SmartLab.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmartLab.Hub.Tests.Web;

/// <summary>Remote operation in the browser: lease, a command from the generated form, the live chart, emergency stop.</summary>
[Collection(WebCollection.Name)]
public sealed class RemoteControlPageTests(WebHub web)
{
    [ChromiumFact]
    public async Task Furnace_StaffTakesLeaseSendsSetpoint_ChartMoves_EmergencyStopAudited()
    {
        await using var staff = await web.OpenAsync("en");
        var page = staff.Page;
        await staff.SignInAsync("staff");
        await staff.GoAsync("/instrument/furnace-01", "board");

        // Emergency stop is on the page before any lease is taken.
        await Expect(page.Locator("#estop")).ToBeVisibleAsync();
        await page.Locator("#lease-purpose").FillAsync("web test");
        await page.Locator("#lease-take").ClickAsync();
        await Expect(page.Locator("#lease-mine")).ToBeVisibleAsync();
        await Expect(page.Locator("#lease-holder")).ToContainTextAsync("staff");

        // The form is generated from the profile: units, limits and the default are shown.
        await Expect(page.Locator("#cmd-setSetpoint [data-param='temperature']")).ToContainTextAsync("Cel");
        await Expect(page.Locator("#cmd-setSetpoint-rampRate")).ToHaveValueAsync("10");
        await Expect(page.Locator("#cmd-setGasFlow-gas")).ToBeVisibleAsync();

        var chart = page.Locator("#chart-temperature");
        await Expect(chart).Not.ToHaveAttributeAsync("data-last", "");
        var before = double.Parse((await chart.GetAttributeAsync("data-last"))!, CultureInfo.InvariantCulture);
        await page.Locator("#cmd-setSetpoint-temperature").FillAsync("400");
        await page.Locator("#cmd-setSetpoint-rampRate").FillAsync("20");
        await page.Locator("#cmd-setSetpoint button[type='submit']").ClickAsync();
        await Expect(page.Locator("#cmd-setSetpoint-result .notice-ok")).ToContainTextAsync("setSetpoint");

        // The telemetry chart follows the furnace heating up (the demo runs 200× faster than real time).
        // (A reading every second at 200×: one tick can already be 20 °C higher, so wait for a line of points too.)
        await Eventually.TrueAsync(async () =>
            double.TryParse(await chart.GetAttributeAsync("data-last"), CultureInfo.InvariantCulture, out var now) && now > before + 20
            && int.TryParse(await chart.GetAttributeAsync("data-points"), CultureInfo.InvariantCulture, out var points) && points > 2,
            "the temperature chart rising by more than 20 °C over more than two readings", TimeSpan.FromSeconds(30));
        await staff.ScreenshotAsync("instrument", "en");

        await page.Locator("#estop").ClickAsync();
        await Expect(page.Locator("#safety-result .notice-ok")).ToContainTextAsync("emergencyStop");
        await Expect(page.Locator("#audit")).ToContainTextAsync("emergencyStop");

        // The board shows the alarm the stop raised, with the lease holder.
        await staff.GoAsync("/", "board");
        var card = page.Locator("article[data-instrument='furnace-01']");
        await Expect(card.Locator(".alarm")).ToContainTextAsync("EMERGENCY_STOP");
        await Expect(card.Locator(".lease-holder")).ToContainTextAsync("staff");
        await staff.ScreenshotAsync("board", "en");

        await staff.GoAsync("/instrument/furnace-01", "board");
        await page.Locator("#lease-release").ClickAsync();
        await Expect(page.Locator("#lease-take")).ToBeVisibleAsync();
        await Expect(page.Locator("#cmd-setSetpoint")).ToHaveCountAsync(0);
        staff.AssertNoErrors();
    }
}
