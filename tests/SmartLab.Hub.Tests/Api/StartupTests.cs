using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Api;

public sealed class StartupTests
{
    [Fact]
    public async Task BrokenProfile_HubRefusesToStart_NamingFilePlaceAndProblem()
    {
        var profiles = RepoPaths.NewTempDirectory("smartlab-profiles");
        var data = RepoPaths.NewTempDirectory("smartlab-data");
        try
        {
            File.Copy(Path.Combine(RepoPaths.DeviceProfiles, "xrd-powder.yaml"), Path.Combine(profiles, "xrd-powder.yaml"));
            var broken = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.DeviceProfiles, "tube-furnace.yaml")))
                .Replace("version: 1.0.0", "version: one", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(profiles, "tube-furnace.yaml"), broken);

            using var hub = HubProcess.Start(data, null, null, $"--SmartLab:ProfilesDirectory={profiles}");
            var exit = await hub.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, exit);
            Assert.Contains("tube-furnace.yaml", hub.Output);
            Assert.Contains("version", hub.Output);
        }
        finally
        {
            Directory.Delete(profiles, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }
}
