using System.Diagnostics;
using System.Text;

namespace SmartLab.Hub.Tests.Infrastructure;

/// <summary>Debian's Mosquitto, started by a test with the repository's own ACL file (deploy/mosquitto/smartlab.acl).</summary>
public sealed class MosquittoBroker : IDisposable
{
    const string Mosquitto = "/usr/sbin/mosquitto";
    const string MosquittoPasswd = "/usr/bin/mosquitto_passwd";

    readonly Process _process;
    readonly string _directory;
    readonly StringBuilder _log = new();

    MosquittoBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }
    public string PasswordFile => Path.Combine(_directory, "passwd");
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    public static async Task<MosquittoBroker> StartAsync(IReadOnlyDictionary<string, string> users)
    {
        RepoPaths.RequireTool(Mosquitto, "mosquitto");
        RepoPaths.RequireTool(MosquittoPasswd, "mosquitto");
        var directory = RepoPaths.NewTempDirectory("smartlab-mosquitto");
        var port = RepoPaths.FreePort();
        var passwd = Path.Combine(directory, "passwd");
        await File.WriteAllTextAsync(passwd, "");
        foreach (var (user, password) in users)
        {
            await RunAsync(MosquittoPasswd, "-b", passwd, user, password);
        }

        var acl = Path.Combine(RepoPaths.Root, "deploy", "mosquitto", "smartlab.acl");
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwd}
            acl_file {acl}
            persistence false
            max_queued_messages 100000
            """.Replace("            ", "", StringComparison.Ordinal));
        var info = new ProcessStartInfo(Mosquitto) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var process = Process.Start(info)!;
        var broker = new MosquittoBroker(process, directory, port);
        process.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        process.OutputDataReceived += (_, e) => broker.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await Eventually.TrueAsync(() =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"mosquitto exited with {process.ExitCode}: {broker.Log}");
            }

            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                tcp.Connect("127.0.0.1", port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, "mosquitto listening");
        return broker;
    }

    void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>Adds a user to the password file and makes Mosquitto reload it (SIGHUP), as an operator would.</summary>
    public async Task AddUserAsync(string user, string password)
    {
        await RunAsync(MosquittoPasswd, "-b", PasswordFile, user, password);
        await RunAsync("/bin/kill", "-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
