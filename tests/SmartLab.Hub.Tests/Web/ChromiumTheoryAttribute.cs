namespace SmartLab.Hub.Tests.Web;

/// <summary>A browser test with data rows; skipped or failed like <see cref="ChromiumFactAttribute"/> when Chromium is missing.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath) && !ChromiumFactAttribute.IsCi)
        {
            Skip = $"{ChromiumFactAttribute.ChromiumPath} is missing: install Debian package `chromium` (.ci/run does this on CI, where its absence fails the test)";
        }
    }
}
