using System.Net.Http.Headers;
using System.Net.Http.Json;
using SmartLab.Contracts.Api;
using SmartLab.Hub.Tests.Infrastructure;

namespace SmartLab.Hub.Tests.Protocol;

/// <summary>Acknowledged means stored, even when the hub process is killed outright.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    readonly string _data = RepoPaths.NewTempDirectory("smartlab-crash");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task HubKilledRightAfterAcks_AfterRestartEverythingAcknowledgedIsThere()
    {
        var acknowledged = new List<string>();
        string adminToken;
        int mqttPort;
        using (var hub = HubProcess.Start(_data))
        {
            await hub.WaitReadyAsync();
            mqttPort = hub.MqttPort;
            adminToken = (await File.ReadAllTextAsync(Path.Combine(_data, "admin-token"))).Trim();
            using var admin = Client(hub.BaseAddress, adminToken);
            var registered = await (await admin.PostAsJsonAsync("/api/v1/instruments", new RegisterInstrumentRequest("xrd-k", "xrd-powder")))
                .Content.ReadFromJsonAsync<RegisteredInstrument>();
            await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-k", registered!.Mqtt.Password);

            // Kill the hub the moment 100 acks are in, while the rest are still being published and committed: an ack
            // sent before its commit would show up as a missing measurement after the restart.
            var ids = Enumerable.Range(0, 400).Select(i => $"M-{i:D4}").ToList();
            var publishing = Task.WhenAll(ids.Select(id => agent.PublishJsonAsync("measurements", PlainAgentTests.Measurement(id))));
            await Eventually.TrueAsync(() => agent.StoredMeasurements.Count >= 100, "100 measurements acknowledged", TimeSpan.FromSeconds(60));
            hub.Kill();
            acknowledged.AddRange(agent.StoredMeasurements);
            try
            {
                await publishing.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception)
            {
                // Publishes cut off by the kill: never acknowledged, so the agent would still hold them.
            }
        }

        Assert.True(acknowledged.Count >= 100);
        using var restarted = HubProcess.Start(_data);
        await restarted.WaitReadyAsync();
        using var client = Client(restarted.BaseAddress, adminToken);
        var stored = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<Page<MeasurementView>>(
                $"/api/v1/measurements?instrumentId=xrd-k&limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}");
            stored.UnionWith(page!.Items.Select(m => m.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Empty(acknowledged.Except(stored));
        Assert.NotEqual(0, mqttPort);
    }

    [Fact]
    public async Task SecondHubOnSameDataFolder_RefusesToStart()
    {
        using var first = HubProcess.Start(_data);
        await first.WaitReadyAsync();

        using var second = HubProcess.Start(_data);
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("in use by another SmartLab hub", second.Output);
        Assert.False(first.HasExited);
    }

    static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
