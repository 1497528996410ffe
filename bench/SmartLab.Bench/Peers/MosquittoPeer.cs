using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmartLab.Bench.Running;

namespace SmartLab.Bench.Peers;

/// <summary>
/// Debian's Mosquitto with a configuration written for the run: loopback listener on a free port, anonymous access,
/// no persistence, queues large enough that nothing is dropped silently (the subscriber's count proves it), and
/// TCP_NODELAY like MQTTnet's listener so latency compares like with like.
/// </summary>
public sealed class MosquittoPeer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    public const string Name = "Mosquitto";

    readonly ChildProcess _process;

    MosquittoPeer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Pid;
    public long ResidentBytes => _process.ResidentBytes;

    /// <summary>Installs Debian's package when it is missing and this process may (root); otherwise says what to install.</summary>
    public static void EnsureInstalled()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: install Debian's mosquitto package (sudo apt-get install mosquitto), or run the bench as root to let it install it");
        }

        BenchContext.Log("Mosquitto is missing: installing Debian's mosquitto package");
        Run("apt-get", "update", "-qq");
        Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "mosquitto");
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"apt-get install mosquitto did not provide {Executable}");
        }
    }

    static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }

    public static async Task<MosquittoPeer> StartAsync(BenchContext context, string purpose)
    {
        EnsureInstalled();
        var directory = context.NewDirectory($"mosquitto-{purpose}");
        var port = RepoPaths.FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"listener {port} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "set_tcp_nodelay true",
            "max_queued_messages 10000000",
            "max_queued_bytes 0",
            "max_inflight_messages 1000",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
        ]).ConfigureAwait(false);
        var process = ChildProcess.Start(Name, context.Pinning.PeerStartInfo(Executable, ["-c", config]),
            Path.Combine(context.WorkDirectory, $"mosquitto-{purpose}.log"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited during start:\n{process.Tail()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return new MosquittoPeer(process, port);
            }
            catch (SocketException) when (started.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
