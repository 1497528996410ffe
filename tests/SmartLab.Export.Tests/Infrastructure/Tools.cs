using System.Diagnostics;

namespace SmartLab.Export.Tests.Infrastructure;

/// <summary>
/// Debian tools that read the exports independently of PureHDF: <c>h5dump</c> (hdf5-tools) and h5py for Debian's python3
/// (python3-h5py). A missing tool fails the test with the package to install; it never skips, so CI cannot pass without them.
/// </summary>
public static class Tools
{
    public const string H5Dump = "/usr/bin/h5dump";
    public const string Python = "/usr/bin/python3";

    public static string RequireH5Dump() => Require(H5Dump, "hdf5-tools");

    public static string RequireH5py()
    {
        Require(Python, "python3");
        var (code, _, error) = Run(Python, "-c", "import h5py");
        if (code != 0)
        {
            Assert.Fail($"h5py is missing for {Python}: install Debian package `python3-h5py` (.ci/run does this on CI). {error}");
        }

        return Python;
    }

    static string Require(string path, string package)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: install Debian package `{package}` (.ci/run does this on CI)");
        }

        return path;
    }

    public static (int ExitCode, string Output, string Error) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within 60 s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
