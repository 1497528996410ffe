using SmartLab.Domain.Profiles;

namespace SmartLab.Profiles.Tests;

public sealed class ProfileCatalogTests
{
    static DeviceProfile Profile(string id, string version) => new() { Id = id, Version = version, Kind = "test", Title = id };

    [Fact]
    public void Find_WithoutVersion_ReturnsHighestVersion()
    {
        var catalog = new ProfileCatalog([Profile("rig", "1.9.0"), Profile("rig", "1.10.0"), Profile("rig", "1.2.3")]);

        Assert.Equal("1.10.0", catalog.Find("rig")!.Version);
    }

    [Fact]
    public void Find_ExactVersion_ReturnsThatVersionOrNull()
    {
        var catalog = new ProfileCatalog([Profile("rig", "1.0.0"), Profile("rig", "2.0.0")]);

        Assert.Equal("1.0.0", catalog.Find("rig", "1.0.0")!.Version);
        Assert.Null(catalog.Find("rig", "3.0.0"));
        Assert.Null(catalog.Find("other"));
    }

    [Fact]
    public void All_IsOrderedByIdThenVersion()
    {
        var catalog = new ProfileCatalog([Profile("xrd", "1.0.0"), Profile("sem", "2.0.0"), Profile("sem", "1.0.0")]);

        Assert.Equal(["sem@1.0.0", "sem@2.0.0", "xrd@1.0.0"], catalog.All.Select(p => p.Key));
    }

    [Fact]
    public void Constructor_SameIdAndVersionTwice_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ProfileCatalog([Profile("rig", "1.0.0"), Profile("rig", "1.0.0")]));

        Assert.Contains("rig@1.0.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedProfiles_FindsEachById()
    {
        IProfileCatalog catalog = ProfileCatalog.Load(RepositoryPaths.DeviceProfiles);

        Assert.Equal(5, catalog.All.Count);
        Assert.Equal("furnace", catalog.Find("tube-furnace", "1.0.0")!.Kind);
    }
}
