using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Control;

/// <summary>Remote operation: control leases, validated commands, interlocks, and the audit trail of all of it.</summary>
public sealed class RemoteControlTests
{
    static async Task<(HttpStatusCode Status, JsonNode? Body)> CommandAsync(HttpClient client, string instrument, string name, object? parameters,
        string? leaseId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instruments/{instrument}/commands/{name}")
        {
            Content = JsonContent.Create(parameters ?? new { }),
        };
        if (leaseId is not null)
        {
            request.Headers.Add("X-Lease-Id", leaseId);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    static async Task<JsonNode[]> AuditAsync(HttpClient staff, string instrument) =>
        (await staff.GetFromJsonAsync<JsonArray>($"/api/v1/audit?instrumentId={instrument}"))!.Select(a => a!).ToArray();

    [Fact]
    public async Task Lease_ConcurrentAcquisition_ExactlyOneWinner_OthersToldWhoHoldsIt()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("furnace-01", "tube-furnace");
        var staff = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i => hub.Client(await hub.CreateAccountAsync($"staff-{i}", "staff"))));
        var answers = await Task.WhenAll(staff.Select(c => PostAsync(c, "/api/v1/instruments/furnace-01/lease", new { purpose = "test" })));

        var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        var holder = (string)winner.Body!["holder"]!;
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.Status);
            Assert.Equal("lease_held", (string?)a.Body!["code"]);
            Assert.Contains(holder, (string?)a.Body["detail"], StringComparison.Ordinal);
        });
        var (_, instrument) = await GetAsync(staff[0], "/api/v1/instruments/furnace-01");
        Assert.Equal(holder, (string?)instrument!["leaseHolder"]);
        Assert.Single(await AuditAsync(staff[0], "furnace-01"), a => (string?)a["action"] == "lease.acquire" && (string?)a["actor"] == $"staff:{holder}");
        foreach (var client in staff)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Furnace_LeaseSetpointEstopRelease_OthersRefused_AllAudited()
    {
        await using var hub = await TestHub.StartAsync();
        await using var furnace = await StartSimulatorAsync(hub, "furnace-01", "tube-furnace", timeScale: 200);
        using var tanaka = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        using var sato = hub.Client(await hub.CreateAccountAsync("sato", "staff"));
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));

        var (status, lease) = await PostAsync(tanaka, "/api/v1/instruments/furnace-01/lease", new { purpose = "sintering test", durationSeconds = 600 });
        Assert.Equal(HttpStatusCode.Created, status);
        var leaseId = (string)lease!["leaseId"]!;

        var (ok, result) = await CommandAsync(tanaka, "furnace-01", "setSetpoint", new { temperature = 300, rampRate = 20 }, leaseId);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("completed", (string?)result!["status"]);

        // Nobody else commands the furnace meanwhile: not another staff member, not with a guessed header, not a user.
        var (refused, problem) = await CommandAsync(sato, "furnace-01", "setSetpoint", new { temperature = 500 }, null);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("lease_not_yours", (string?)problem!["code"]);
        (refused, problem) = await CommandAsync(sato, "furnace-01", "setSetpoint", new { temperature = 500 }, leaseId);
        Assert.Equal("lease_not_yours", (string?)problem!["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await CommandAsync(alice, "furnace-01", "setSetpoint", new { temperature = 500 }, leaseId)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(sato, "/api/v1/instruments/furnace-01/lease")).Status);

        // The temperature follows the setpoint, live.
        await Eventually.TrueAsync(async () =>
        {
            var (_, view) = await GetAsync(tanaka, "/api/v1/instruments/furnace-01");
            return view!["lastTelemetry"]?["values"]?["setpoint"] is { } sp && (double)sp == 300
                && view["lastTelemetry"]!["values"]!["temperature"] is { } t && (double)t > 100;
        }, "furnace heating towards 300 °C", TimeSpan.FromSeconds(60));

        // Emergency stop needs no lease: any staff member, at once.
        var (stopped, stop) = await CommandAsync(sato, "furnace-01", "emergencyStop", null, null);
        Assert.Equal(HttpStatusCode.OK, stopped);
        Assert.Equal("completed", (string?)stop!["status"]);

        using (var release = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/instruments/furnace-01/lease") { Headers = { { "X-Lease-Id", leaseId } } })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await tanaka.SendAsync(release)).StatusCode);
        }

        (refused, problem) = await CommandAsync(tanaka, "furnace-01", "setSetpoint", new { temperature = 300 }, leaseId);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("lease_expired", (string?)problem!["code"]);

        var audit = await AuditAsync(tanaka, "furnace-01");
        Assert.Contains(audit, a => (string?)a["action"] == "lease.acquire" && (string?)a["actor"] == "staff:tanaka");
        Assert.Contains(audit, a => (string?)a["action"] == "command.setSetpoint" && (string?)a["actor"] == "staff:tanaka"
            && ((string?)a["details"])!.Contains("\"outcome\":\"completed\"", StringComparison.Ordinal)
            && ((string?)a["details"])!.Contains("\"temperature\":300", StringComparison.Ordinal));
        Assert.Contains(audit, a => (string?)a["action"] == "command.setSetpoint" && (string?)a["actor"] == "staff:sato"
            && ((string?)a["details"])!.Contains("lease_not_yours", StringComparison.Ordinal));
        Assert.Contains(audit, a => (string?)a["action"] == "command.emergencyStop" && (string?)a["actor"] == "staff:sato");
        Assert.Contains(audit, a => (string?)a["action"] == "lease.release" && (string?)a["actor"] == "staff:tanaka");

        using var csv = await tanaka.GetAsync("/api/v1/audit?instrumentId=furnace-01&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ts,actor,onBehalfOf,action,instrumentId,target,details", lines[0]);
        Assert.Contains(lines, l => l.Contains("command.emergencyStop", StringComparison.Ordinal) && l.Contains("staff:sato", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Command_OutOfRange_RefusedNamingTheLimit_AgentReceivesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("furnace-r", "tube-furnace");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "furnace-r", secret, profile: "tube-furnace");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, lease) = await PostAsync(staff, "/api/v1/instruments/furnace-r/lease");
        var leaseId = (string)lease!["leaseId"]!;

        foreach (var (parameters, field, code) in new (object, string, string)[]
                 {
                     (new { temperature = 5000 }, "parameters.temperature", "above_maximum"),
                     (new { temperature = "hot" }, "parameters.temperature", "wrong_type"),
                     (new { temperature = new { value = 300, unit = "s" } }, "parameters.temperature", "wrong_unit"),
                     (new { rampRate = 5 }, "parameters.temperature", "required"),
                     (new { temperature = 300, power = 3 }, "parameters.power", "unknown_parameter"),
                 })
        {
            var (status, problem) = await CommandAsync(staff, "furnace-r", "setSetpoint", parameters, leaseId);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(field, (string?)problem!["field"]);
            Assert.Equal(code, (string?)problem["code"]);
        }

        var (_, limit) = await CommandAsync(staff, "furnace-r", "setSetpoint", new { temperature = 5000 }, leaseId);
        Assert.Contains("1200", (string?)limit!["detail"], StringComparison.Ordinal);
        Assert.Contains("tube-furnace", (string?)limit["detail"], StringComparison.Ordinal);

        // A Kelvin setpoint is converted before it is sent; the agent gets Celsius, the only message it ever got.
        var sending = CommandAsync(staff, "furnace-r", "setSetpoint", new { temperature = new { value = 573.15, unit = "K" } }, leaseId);
        var request = await agent.WaitForAsync("commands", _ => true);
        Assert.Equal("setSetpoint", (string?)request["name"]);
        Assert.Equal(300, (double)request["parameters"]!["temperature"]!, 6);
        Assert.Equal(10, (double)request["parameters"]!["rampRate"]!); // the profile's default
        await agent.PublishJsonAsync("replies", new { v = 1, commandId = (string)request["commandId"]!, status = "completed", result = new { } });
        Assert.Equal(HttpStatusCode.OK, (await sending).Status);
        Assert.Equal(1, agent.Received("commands"));
    }

    [Fact]
    public async Task Command_AgentNeverAnswers_TimesOutAtDeadline_NonIdempotentSentOnce_IdempotentRepeatedWithSameId_Audited()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("uvvis-q", "uv-vis");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "uvvis-q", secret, profile: "uv-vis");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, lease) = await PostAsync(staff, "/api/v1/instruments/uvvis-q/lease");
        var leaseId = (string)lease!["leaseId"]!;

        var (status, problem) = await CommandAsync(staff, "uvvis-q", "recordDarkReference", null, leaseId);
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("command_timeout", (string?)problem!["code"]);
        Assert.Contains("5 s", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("not repeated", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(1, agent.Received("commands"));

        // An idempotent command is sent again (the same command id, which agents deduplicate) while the deadline lasts.
        (status, problem) = await CommandAsync(staff, "uvvis-q", "setWavelength", new { wavelength = 500 }, leaseId);
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        var sent = agent.All("commands").Skip(1).ToList();
        Assert.Equal(3, sent.Count);
        Assert.Single(sent.Select(c => (string?)c["commandId"]).Distinct());

        var audit = await AuditAsync(staff, "uvvis-q");
        Assert.Contains(audit, a => (string?)a["action"] == "command.recordDarkReference" && (string?)a["actor"] == "staff:tanaka"
            && ((string?)a["details"])!.Contains("command_timeout", StringComparison.Ordinal));

        // After repeated timeouts the instrument is marked degraded, and staff are told at once instead of waiting.
        (status, _) = await CommandAsync(staff, "uvvis-q", "setWavelength", new { wavelength = 600 }, leaseId);
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        (status, problem) = await CommandAsync(staff, "uvvis-q", "setWavelength", new { wavelength = 600 }, leaseId);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("instrument_degraded", (string?)problem!["code"]);
        var (_, view) = await GetAsync(staff, "/api/v1/instruments/uvvis-q");
        Assert.NotNull((string?)view!["degraded"]);
    }

    [Fact]
    public async Task Interlocks_Offline_Local_JobRunning_EstopStillWorks()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("xrd-i", "xrd-powder");
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        var (_, lease) = await PostAsync(staff, "/api/v1/instruments/xrd-i/lease");
        var leaseId = (string)lease!["leaseId"]!;

        var (status, problem) = await CommandAsync(staff, "xrd-i", "openShutter", null, leaseId);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("instrument_offline", (string?)problem!["code"]);

        await using (var local = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-i", secret, session: 1, status: "local"))
        {
            await Eventually.TrueAsync(async () => (string?)(await GetAsync(staff, "/api/v1/instruments/xrd-i")).Body!["status"] == "local", "local status");
            (status, problem) = await CommandAsync(staff, "xrd-i", "openShutter", null, leaseId);
            Assert.Equal("local_control", (string?)problem!["code"]);
        }

        // While the staff lease is held, no job is dispatched to the instrument; once released, the job runs and blocks actuation.
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "xrd-i", secret, session: 2);
        var (_, job) = await PostAsync(staff, "/api/v1/jobs", XrdScan(instrument: "xrd-i"));
        var jobId = (string)job!["id"]!;
        await Eventually.TrueAsync(async () => (string?)(await JobAsync(staff, jobId))["state"] == "queued", "job queued");
        Assert.Equal("queued", (string?)(await JobAsync(staff, jobId))["state"]);
        using (var release = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/instruments/xrd-i/lease") { Headers = { { "X-Lease-Id", leaseId } } })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await staff.SendAsync(release)).StatusCode);
        }

        await agent.WaitForAsync("jobs", m => (string?)m["type"] == "start" && (string?)m["jobId"] == jobId);
        (_, lease) = await PostAsync(staff, "/api/v1/instruments/xrd-i/lease");
        leaseId = (string)lease!["leaseId"]!;
        (status, problem) = await CommandAsync(staff, "xrd-i", "openShutter", null, leaseId);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("job_running", (string?)problem!["code"]);

        var estop = CommandAsync(staff, "xrd-i", "emergencyStop", null, null);
        var request = await agent.WaitForAsync("commands", c => (string?)c["name"] == "emergencyStop");
        Assert.Equal(jobId, (string?)request["jobId"]);
        await agent.PublishJsonAsync("replies", new { v = 1, commandId = (string)request["commandId"]!, status = "completed", result = new { } });
        Assert.Equal(HttpStatusCode.OK, (await estop).Status);
    }

    [Fact]
    public async Task Lease_ExpiresByItself_CommandRefused_AdminBreaksAnother_BothAudited()
    {
        await using var hub = await TestHub.StartAsync();
        var secret = await hub.RegisterAsync("furnace-e", "tube-furnace");
        await using var agent = await RawAgent.ConnectAsync(hub.MqttPort, "furnace-e", secret, profile: "tube-furnace");
        await hub.RegisterAsync("furnace-f", "tube-furnace");
        using var tanaka = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        using var admin = hub.AdminClient();

        var (_, lease) = await PostAsync(tanaka, "/api/v1/instruments/furnace-e/lease", new { durationSeconds = 10 });
        var leaseId = (string)lease!["leaseId"]!;
        await Eventually.TrueAsync(async () => (await GetAsync(tanaka, "/api/v1/instruments/furnace-e/lease")).Status == HttpStatusCode.NotFound,
            "the lease ran out", TimeSpan.FromSeconds(30));
        var (status, problem) = await CommandAsync(tanaka, "furnace-e", "setSetpoint", new { temperature = 300 }, leaseId);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("lease_expired", (string?)problem!["code"]);
        Assert.Equal(0, agent.Received("commands"));
        await Eventually.TrueAsync(async () => (await AuditAsync(tanaka, "furnace-e")).Any(a => (string?)a["action"] == "lease.expire"),
            "the expiry recorded", TimeSpan.FromSeconds(10));

        (_, lease) = await PostAsync(tanaka, "/api/v1/instruments/furnace-f/lease");
        Assert.Equal(HttpStatusCode.Forbidden, (await tanaka.DeleteAsync("/api/v1/instruments/furnace-f/lease?break=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/instruments/furnace-f/lease?break=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(tanaka, "/api/v1/instruments/furnace-f/lease")).Status);
        var broken = Assert.Single(await AuditAsync(tanaka, "furnace-f"), a => (string?)a["action"] == "lease.break");
        Assert.Equal("admin:admin", (string?)broken["actor"]);
        Assert.Contains("tanaka", (string?)broken["details"], StringComparison.Ordinal);
    }
}
