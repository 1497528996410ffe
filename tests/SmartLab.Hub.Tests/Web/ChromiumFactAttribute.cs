namespace SmartLab.Hub.Tests.Web;

/// <summary>
/// A browser test. It needs Debian's Chromium (<c>/usr/bin/chromium</c>, package <c>chromium</c>): on CI (<c>CI=true</c>)
/// a missing browser fails the test with what to install; on a developer's machine without it the test is skipped
/// with the same sentence, so the rest of the suite still runs.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !IsCi)
        {
            Skip = $"{ChromiumPath} is missing: install Debian package `chromium` (.ci/run does this on CI, where its absence fails the test)";
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
