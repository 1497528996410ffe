using System.Diagnostics;
using System.Text;

namespace SmartLab.Hub.Tests.Infrastructure;

/// <summary>The hub as a separate OS process, so a test can SIGKILL it the way a power cut or OOM kill would.</summary>
public sealed class HubProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    HubProcess(Process process, int httpPort, int mqttPort)
    {
        _process = process;
        HttpPort = httpPort;
        MqttPort = mqttPort;
    }

    public int HttpPort { get; }
    public int MqttPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");
    public string Output { get { lock (_output) { return _output.ToString(); } } }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static HubProcess Start(string dataDirectory, int? httpPort = null, int? mqttPort = null, params string[] extraArgs)
    {
        var http = httpPort ?? RepoPaths.FreePort();
        var mqtt = mqttPort ?? RepoPaths.FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     RepoPaths.HubDll, "--urls", $"http://127.0.0.1:{http}", $"--SmartLab:DataDirectory={dataDirectory}",
                     $"--SmartLab:ProfilesDirectory={RepoPaths.DeviceProfiles}", $"--SmartLab:Mqtt:Port={mqtt}",
                     "--SmartLab:Mqtt:BindAddress=127.0.0.1",
                 }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var hub = new HubProcess(process, http, mqtt);
        process.OutputDataReceived += (_, e) => hub.Append(e.Data);
        process.ErrorDataReceived += (_, e) => hub.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return hub;
    }

    void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (_process.HasExited)
            {
                Assert.Fail($"hub exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                return (await client.GetAsync(new Uri(BaseAddress, "/healthz/ready"))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, "hub process ready", TimeSpan.FromSeconds(60));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed by the hub.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
