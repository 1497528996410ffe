namespace SmartLab.Profiles.Tests;

/// <summary>Loading a folder: broken files, duplicate profiles, missing folders and files.</summary>
public sealed class ProfileLoaderDirectoryTests
{
    [Fact]
    public void LoadDirectory_OneBrokenFile_FailsNamingThatFile()
    {
        using var directory = new TempDirectory();
        directory.CopyShippedProfiles();
        var broken = directory.Write("test-rig.yaml", TestProfile.WithLine(21, "        min: 20"));

        var error = Assert.Throws<ProfileLoadException>(() => ProfileLoader.LoadDirectory(directory.Path));

        Assert.Equal(broken, error.File);
        Assert.All(error.Problems, p => Assert.Equal(broken, p.File));
        Assert.StartsWith($"{broken}:21:14 (commands[0].parameters[0].min): min 20 is above max 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_TwoBrokenFiles_ReportsBoth()
    {
        using var directory = new TempDirectory();
        var first = directory.Write("a.yaml", TestProfile.WithLine(3, "kind: [test"));
        var second = directory.Write("b.yml", TestProfile.WithLine(15, "    safety: staff"));

        var error = Assert.Throws<ProfileLoadException>(() => ProfileLoader.LoadDirectory(directory.Path));

        Assert.Equal([first, second], error.Problems.Select(p => p.File));
        Assert.Contains($"{second}:15:13 (commands[0].safety)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_SameIdAndVersionTwice_NamesBothFiles()
    {
        using var directory = new TempDirectory();
        var first = directory.Write("a.yaml", TestProfile.Valid);
        var second = directory.Write("b.yaml", TestProfile.Valid);

        var error = Assert.Throws<ProfileLoadException>(() => ProfileLoader.LoadDirectory(directory.Path));

        Assert.Equal(second, error.File);
        Assert.Equal("1:5 (id)", error.Location);
        Assert.Contains($"test-rig@1.0.0 is already defined by {first}", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_SameIdOtherVersion_LoadsBoth()
    {
        using var directory = new TempDirectory();
        directory.Write("a.yaml", TestProfile.Valid);
        directory.Write("b.yaml", TestProfile.WithLine(2, "version: 1.1.0"));

        var profiles = ProfileLoader.LoadDirectory(directory.Path);

        Assert.Equal(["test-rig@1.0.0", "test-rig@1.1.0"], profiles.Select(p => p.Key));
    }

    [Fact]
    public void LoadDirectory_OtherFilesAndSubfolders_AreIgnored()
    {
        using var directory = new TempDirectory();
        directory.Write("test-rig.yaml", TestProfile.Valid);
        directory.Write("README.md", "# not a profile");
        Directory.CreateDirectory(Path.Combine(directory.Path, "schema"));
        File.WriteAllText(Path.Combine(directory.Path, "schema", "broken.yaml"), "kind: [");

        var profile = Assert.Single(ProfileLoader.LoadDirectory(directory.Path));

        Assert.Equal(Path.Combine(directory.Path, "test-rig.yaml"), profile.Source);
    }

    [Fact]
    public void LoadDirectory_MissingFolder_NamesTheFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "smartlab-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ProfileLoadException>(() => ProfileLoader.LoadDirectory(missing));

        Assert.Equal(missing, error.File);
        Assert.Equal($"{missing}: the profile directory does not exist", error.Message);
    }

    [Fact]
    public void LoadFile_MissingFile_NamesTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), "smartlab-no-such-profile-" + Guid.NewGuid().ToString("N") + ".yaml");

        var error = Assert.Throws<ProfileLoadException>(() => ProfileLoader.LoadFile(missing));

        Assert.Equal(missing, error.File);
        Assert.Equal("the file does not exist", error.Problem);
    }

    [Fact]
    public void LoadFile_BrokenFile_NamesThePathAsGiven()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("test-rig.yaml", TestProfile.WithLine(22, "        max: ten"));

        var error = Assert.Throws<ProfileLoadException>(() => ProfileLoader.LoadFile(file));

        Assert.Equal($"{file}:22:14 (commands[0].parameters[0].max): must be a number, got the text \"ten\"", error.Message);
    }
}
