using System.Diagnostics;
using System.Net.Http.Json;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

/// <summary>
/// The Python example in docs/examples (paho-mqtt, written from docs/protocol.md alone) against the real hub: what an
/// integrator who reads only the protocol document can do.
/// </summary>
public sealed class PythonAgentTests
{
    const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PythonPahoAgent_RegisteredThroughApi_MeasurementAppearsInApi(bool mqtt311)
    {
        RepoPaths.RequireTool(Python, "python3");
        RepoPaths.RequireTool("/usr/lib/python3/dist-packages/paho/mqtt/client.py", "python3-paho-mqtt");
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-py");
        var state = RepoPaths.NewTempDirectory("smartlab-pyagent");
        try
        {
            var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         Path.Combine(RepoPaths.Root, "docs", "examples", "python", "smartlab_agent.py"), "--host", "127.0.0.1",
                         "--port", hub.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--id", "xrd-py",
                         $"--secret={secret}", "--state-dir", state, "--measurements", "2", "--telemetry", "3", "--interval", "0.05",
                         "--timeout", "60",
                     })
            {
                info.ArgumentList.Add(arg);
            }

            if (mqtt311)
            {
                info.ArgumentList.Add("--mqtt311");
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"agent exited {process.ExitCode}\n{await output}\n{await error}");

            using var admin = hub.AdminClient();
            var page = await admin.GetFromJsonAsync<Page<MeasurementView>>("/api/v1/measurements?instrumentId=xrd-py");
            Assert.Equal(2, page!.Items.Count);
            Assert.All(page.Items, m => Assert.All(m.Files, f => Assert.True(f.Stored)));
            var instrument = await admin.GetFromJsonAsync<InstrumentView>("/api/v1/instruments/xrd-py");
            Assert.Equal(3, instrument!.Counters.TelemetryAccepted);
            Assert.Equal(0, instrument.Counters.TelemetryRejected);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
