namespace SmartLab.Profiles.Tests;

public sealed class ProfilesOptionsTests
{
    [Fact]
    public void ResolveDirectory_Default_IsUnderTheApplicationBaseDirectory()
    {
        var options = new ProfilesOptions();

        Assert.Equal(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "device-profiles")), options.ResolveDirectory());
    }

    [Fact]
    public void ResolveDirectory_RootedPath_IsKept()
    {
        var rooted = Path.Combine(Path.GetTempPath(), "profiles");

        Assert.Equal(rooted, new ProfilesOptions { Directory = rooted }.ResolveDirectory());
    }
}
