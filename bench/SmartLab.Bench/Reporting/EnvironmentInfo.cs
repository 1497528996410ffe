using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SmartLab.Bench.Reporting;

/// <summary>The machine and software a run measured: the figures only mean something next to these.</summary>
public sealed class EnvironmentInfo
{
    public required string Cpu { get; init; }
    public required int Cores { get; init; }
    public required string Kernel { get; init; }
    public required string Os { get; init; }
    public required string Runtime { get; init; }
    public required string Pinning { get; init; }
    public required string DataFileSystem { get; init; }
    public string? GitCommit { get; init; }

    /// <summary>When the measured hub was built (the working tree may differ from <see cref="GitCommit"/>).</summary>
    public DateTimeOffset? HubBuiltAt { get; init; }

    public required string HubDll { get; init; }

    /// <summary>1, 5 and 15 minute load averages when the run started: other work on the machine shows here.</summary>
    public required string LoadAverage { get; init; }
    public required Dictionary<string, string> Packages { get; init; }

    public static EnvironmentInfo Collect(string repositoryRoot, string hubDll, string pinning, string dataDirectory)
    {
        var packages = HubPackages(hubDll);
        packages["mosquitto (Debian)"] = Run("dpkg-query", "-W", "-f=${Version}", "mosquitto") ?? "not installed";
        return new EnvironmentInfo
        {
            Cpu = CpuModel(),
            Cores = System.Environment.ProcessorCount,
            Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            Os = OsName(),
            Runtime = RuntimeInformation.FrameworkDescription,
            Pinning = pinning,
            DataFileSystem = FileSystemOf(dataDirectory),
            GitCommit = Run("git", "-C", repositoryRoot, "rev-parse", "--short", "HEAD"),
            LoadAverage = CurrentLoadAverage(),
            HubDll = hubDll,
            HubBuiltAt = File.Exists(hubDll) ? new DateTimeOffset(File.GetLastWriteTimeUtc(hubDll), TimeSpan.Zero) : null,
            Packages = packages,
        };
    }

    public static string CurrentLoadAverage() =>
        ReadFirstLine("/proc/loadavg") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    static string OsName()
    {
        try
        {
            var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return line?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    static string FileSystemOf(string directory) =>
        Run("df", "--output=fstype,source", directory)?.Split('\n').LastOrDefault()?.Trim() is { Length: > 0 } fs
            ? $"{fs} ({directory})"
            : directory;

    /// <summary>Package versions the hub was built with, from its deps.json.</summary>
    static Dictionary<string, string> HubPackages(string hubDll)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var deps = Path.ChangeExtension(hubDll, ".deps.json");
        if (!File.Exists(deps))
        {
            return result;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        foreach (var library in document.RootElement.GetProperty("libraries").EnumerateObject())
        {
            var (name, version) = (library.Name.Split('/')[0], library.Name.Split('/')[1]);
            if (name is "MQTTnet" or "MQTTnet.Server" or "LiteDB" or "JsonSchema.Net" or "YamlDotNet")
            {
                result[name] = version;
            }
        }

        return result;
    }

    static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    static string? Run(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
