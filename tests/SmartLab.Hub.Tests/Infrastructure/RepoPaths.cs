namespace SmartLab.Hub.Tests.Infrastructure;

/// <summary>Finds the repository from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DeviceProfiles => Path.Combine(Root, "device-profiles");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SmartLab.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The hub's own build output (built as a dependency of this test project).</summary>
    public static string HubDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(Root, "src", "SmartLab.Hub", "bin", configuration, "net10.0", "SmartLab.Hub.dll");
        }
    }

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A TCP port free right now on loopback.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A system tool the tests need; when missing, the test fails with how to install it (never silently skips).</summary>
    public static string RequireTool(string path, string debianPackage)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: install Debian package `{debianPackage}` (.ci/run does this on CI)");
        }

        return path;
    }
}
