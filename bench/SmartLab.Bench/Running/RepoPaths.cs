using System.Net;
using System.Net.Sockets;

namespace SmartLab.Bench.Running;

/// <summary>Where the repository, the hub's build output and this program are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the hub is taken from the same configuration the bench was built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string HubDll => Path.Combine(Root, "src", "SmartLab.Hub", "bin", Configuration, "net10.0", "SmartLab.Hub.dll");

    public static string DeviceProfiles => Path.Combine(Root, "device-profiles");

    public static string Results => Path.Combine(Root, "bench", "results");

    /// <summary>This program's own dll, to start it again as a peer process (raw LiteDB, echo server).</summary>
    public static string BenchDll => typeof(RepoPaths).Assembly.Location;

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

    /// <summary>A TCP port free right now on loopback.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
