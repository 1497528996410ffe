using System.Net;
using System.Net.Http.Json;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>Open jobs, their queue and the automation quota are the store's, not the process's.</summary>
public sealed class JobRestartTests : IDisposable
{
    readonly string _data = RepoPaths.NewTempDirectory("smartlab-jobs-restart");

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

    static object Scan(double dwell) => new { instrument = "xrd-01", method = "theta2theta", parameters = new { start = 20, stop = 40, step = 0.05, dwell } };

    [Fact]
    public async Task Restart_OpenJobsKeepTheirStateAndRun_QuotaStillCounted_IdsNotReused()
    {
        string secret, staffToken, aliceToken, botToken;
        string autoApproved, submitted, queued, held;
        await using (var hub = await TestHub.StartAsync(_data))
        {
            secret = await hub.RegisterAsync("xrd-01"); // offline until after the restart
            staffToken = await hub.CreateAccountAsync("tanaka", "staff");
            aliceToken = await hub.CreateAccountAsync("alice", "user");
            botToken = await CreateAccountAsync(hub, "loop-1", "automation", onBehalfOf: "alice");
            using var staff = hub.Client(staffToken);
            using var alice = hub.Client(aliceToken);
            using var bot = hub.Client(botToken);
            using (var policy = await staff.PutAsJsonAsync("/api/v1/instruments/xrd-01/automation-policy",
                       new { autoApprove = true, bounds = new { dwell = new { min = 0.01, max = 1 } }, dailyQuota = 2 }))
            {
                Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
            }

            autoApproved = (string)(await PostAsync(bot, "/api/v1/jobs", Scan(0.2))).Body!["id"]!;
            Assert.Equal("queued", (string?)(await PostAsync(bot, "/api/v1/jobs", Scan(0.3))).Body!["state"]);
            submitted = (string)(await PostAsync(alice, "/api/v1/jobs", XrdScan())).Body!["id"]!;
            queued = (string)(await PostAsync(alice, "/api/v1/jobs", XrdScan())).Body!["id"]!;
            await ApproveAsync(staff, queued);
            held = (string)(await PostAsync(alice, "/api/v1/jobs", XrdScan())).Body!["id"]!;
            await ApproveAsync(staff, held);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{held}/hold")).Status);
        }

        await using (var hub = await TestHub.StartAsync(_data))
        {
            using var staff = hub.Client(staffToken);
            using var alice = hub.Client(aliceToken);
            using var bot = hub.Client(botToken);
            Assert.Equal("submitted", (string?)(await JobAsync(alice, submitted))["state"]);
            Assert.Equal("queued", (string?)(await JobAsync(alice, queued))["state"]);
            Assert.Equal("held", (string?)(await JobAsync(alice, held))["state"]);

            // Two auto-approvals today already: the third waits for staff, even in a new process.
            var (status, third) = await PostAsync(bot, "/api/v1/jobs", Scan(0.2));
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal("submitted", (string?)third!["state"]);
            Assert.Contains("quota", (string?)third["history"]![0]!["reason"], StringComparison.Ordinal);
            Assert.Equal("J-000006", (string?)third["id"]);

            await using var xrd = await ConnectSimulatorAsync(hub, "xrd-01", secret);
            await WaitForStateAsync(alice, queued, "succeeded");
            await WaitForStateAsync(alice, autoApproved, "delivered");
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{held}/resume")).Status);
            await WaitForStateAsync(alice, held, "succeeded");
            Assert.Equal("submitted", (string?)(await JobAsync(alice, submitted))["state"]);
        }
    }
}
