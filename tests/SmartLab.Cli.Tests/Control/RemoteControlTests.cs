using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmartLab.Cli.Control;
using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Tests.Infrastructure;

namespace SmartLab.Cli.Tests.Control;

/// <summary>What <see cref="RemoteControl"/> sends, against canned answers: lease headers, no retries, stale leases forgotten.</summary>
public sealed class RemoteControlTests : IDisposable
{
    const string Lease = "/api/v1/instruments/furnace-01/lease";
    const string SetSetpoint = "/api/v1/instruments/furnace-01/commands/setSetpoint";
    static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    readonly TempFolder _home = new();
    readonly FakeTimeProvider _time = new(Now);
    readonly StringWriter _warnings = new();
    readonly StubHub _stub = new();
    readonly HubClient _hub;

    public RemoteControlTests() => _hub = new HubClient(new Uri("http://hub.test"), "token-of-sam", _time, _stub);

    public void Dispose()
    {
        _hub.Dispose();
        _home.Dispose();
        _warnings.Dispose();
    }

    LeaseFile Leases => new(_home.File("leases.json"), _time, _warnings);

    RemoteControl Remote() => new(_hub, Leases, _warnings);

    static object LeaseBody(string leaseId, int minutes = 5) => new
    {
        leaseId,
        instrumentId = "furnace-01",
        holder = "sam",
        purpose = "sintering test",
        acquiredAt = Now,
        expiresAt = Now.AddMinutes(minutes),
    };

    static object Result() => new
    {
        commandId = "cmd-1",
        instrument = "furnace-01",
        name = "setSetpoint",
        status = "completed",
        result = new { temperature = 300 },
        latencyMs = 12.5,
        attempts = 1,
    };

    static JsonElement Parameters(string json) => JsonDocument.Parse(json).RootElement.Clone();

    async Task AcquireAsync(string leaseId = "lease-a")
    {
        _stub.OnJson(Lease, LeaseBody(leaseId));
        await Remote().AcquireAsync("furnace-01", "sintering test", 600, CancellationToken.None);
        _stub.Forget(Lease);
    }

    [Fact]
    public async Task AcquireAsync_StoresTheLeaseAndSendsPurposeAndDuration()
    {
        await AcquireAsync();

        var sent = _stub.Sent.Single();
        Assert.Equal("POST", sent.Method);
        Assert.Contains("\"purpose\":\"sintering test\"", sent.Body, StringComparison.Ordinal);
        Assert.Contains("\"durationSeconds\":600", sent.Body, StringComparison.Ordinal);
        Assert.Equal("lease-a", Remote().Stored("furnace-01")?.LeaseId);
    }

    [Fact]
    public async Task SendAsync_AfterAcquire_SendsTheStoredLeaseAndTheParameters()
    {
        await AcquireAsync();
        _stub.OnJson(SetSetpoint, Result());

        var result = await Remote().SendAsync("furnace-01", "setSetpoint", Parameters("""{"temperature":300}"""), null, CancellationToken.None);

        Assert.Equal("cmd-1", result.CommandId);
        var sent = _stub.Sent[^1];
        Assert.Equal("lease-a", sent.Header("X-Lease-Id"));
        Assert.Equal("""{"temperature":300}""", sent.Body);
    }

    [Fact]
    public async Task SendAsync_NoLeaseAnywhere_SendsNoHeaderAndAnEmptyObject()
    {
        _stub.OnJson("/api/v1/instruments/furnace-01/commands/emergencyStop", Result());

        await Remote().SendAsync("furnace-01", "emergencyStop", null, null, CancellationToken.None);

        var sent = _stub.Sent.Single();
        Assert.Null(sent.Header("X-Lease-Id"));
        Assert.Equal("{}", sent.Body);
    }

    [Fact]
    public async Task SendAsync_ExplicitLease_WinsOverTheStoredOne()
    {
        await AcquireAsync();
        _stub.OnJson(SetSetpoint, Result());

        await Remote().SendAsync("furnace-01", "setSetpoint", null, "lease-given", CancellationToken.None);

        Assert.Equal("lease-given", _stub.Sent[^1].Header("X-Lease-Id"));
    }

    [Fact]
    public async Task SendAsync_AnotherAccountsLeaseOnThisMachine_IsNotSent()
    {
        await AcquireAsync();
        using var other = new HubClient(new Uri("http://hub.test"), "token-of-kim", _time, _stub);
        _stub.OnJson(SetSetpoint, Result());

        await new RemoteControl(other, Leases, _warnings).SendAsync("furnace-01", "setSetpoint", null, null, CancellationToken.None);

        Assert.Null(_stub.Sent[^1].Header("X-Lease-Id"));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "instrument_offline")]
    [InlineData(HttpStatusCode.GatewayTimeout, "command_timeout")]
    [InlineData(HttpStatusCode.BadGateway, "command_failed")]
    public async Task SendAsync_HubAnswersWithAGatewayProblem_IsNotRetried(HttpStatusCode status, string code)
    {
        _stub.OnProblem(SetSetpoint, status, code, "the furnace did not answer");

        var error = await Assert.ThrowsAsync<HubProblemException>(() => Remote().SendAsync("furnace-01", "setSetpoint", null, null, CancellationToken.None));

        Assert.Single(_stub.Sent);
        Assert.Equal($"the furnace did not answer (code: {code})", error.Message);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public async Task SendAsync_ConnectionBreaksAfterSending_IsNotRetriedAndSaysTheOutcomeIsUnknown()
    {
        _stub.On(SetSetpoint, () => throw new HttpRequestException(HttpRequestError.ResponseEnded, "the response ended prematurely"));

        var error = await Assert.ThrowsAnyAsync<CliException>(() => Remote().SendAsync("furnace-01", "setSetpoint", null, null, CancellationToken.None));

        Assert.Single(_stub.Sent);
        Assert.Equal(ExitCodes.Failed, error.ExitCode);
        Assert.Contains("`setSetpoint` may or may not have run on furnace-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ConnectionRefused_ExitsUnreachableWithoutRetrying()
    {
        _stub.On(SetSetpoint, () => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"));

        var error = await Assert.ThrowsAsync<HubUnreachableException>(() => Remote().SendAsync("furnace-01", "setSetpoint", null, null, CancellationToken.None));

        Assert.Single(_stub.Sent);
        Assert.Equal(ExitCodes.Unreachable, error.ExitCode);
    }

    [Fact]
    public async Task SendAsync_StoredLeaseExpired_ForgetsIt()
    {
        await AcquireAsync();
        _stub.OnProblem(SetSetpoint, HttpStatusCode.Conflict, "lease_expired", "the control lease on `furnace-01` has expired or was released; take it again");

        await Assert.ThrowsAsync<HubProblemException>(() => Remote().SendAsync("furnace-01", "setSetpoint", null, null, CancellationToken.None));

        Assert.Null(Remote().Stored("furnace-01"));
    }

    [Fact]
    public async Task SendAsync_InterlockThatIsNotAboutTheLease_KeepsTheStoredLease()
    {
        await AcquireAsync();
        _stub.OnProblem(SetSetpoint, HttpStatusCode.Conflict, "job_running", "job J-000001 is running on `furnace-01`");

        await Assert.ThrowsAsync<HubProblemException>(() => Remote().SendAsync("furnace-01", "setSetpoint", null, null, CancellationToken.None));

        Assert.Equal("lease-a", Remote().Stored("furnace-01")?.LeaseId);
    }

    [Fact]
    public async Task RenewAsync_SendsTheStoredLeaseAndStoresTheNewExpiry()
    {
        await AcquireAsync();
        _stub.OnJson(Lease, LeaseBody("lease-a", minutes: 30));

        var lease = await Remote().RenewAsync("furnace-01", null, 1800, CancellationToken.None);

        var sent = _stub.Sent[^1];
        Assert.Equal("PUT", sent.Method);
        Assert.Equal("lease-a", sent.Header("X-Lease-Id"));
        Assert.Contains("\"durationSeconds\":1800", sent.Body, StringComparison.Ordinal);
        Assert.Equal(Now.AddMinutes(30), Remote().Stored("furnace-01")?.ExpiresAt);
        Assert.Equal(Now.AddMinutes(30), lease.ExpiresAt);
    }

    [Fact]
    public async Task RenewAsync_NothingStored_IsAUsageErrorNamingAcquire()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => Remote().RenewAsync("furnace-01", null, null, CancellationToken.None));

        Assert.Contains("smartlab control acquire furnace-01", error.Message, StringComparison.Ordinal);
        Assert.Empty(_stub.Sent);
    }

    [Fact]
    public async Task ReleaseAsync_SendsTheStoredLeaseAndForgetsIt()
    {
        await AcquireAsync();
        _stub.On(Lease, () => new HttpResponseMessage(HttpStatusCode.NoContent));

        Assert.Equal("lease-a", await Remote().ReleaseAsync("furnace-01", null, breakLease: false, CancellationToken.None));

        var sent = _stub.Sent[^1];
        Assert.Equal("DELETE", sent.Method);
        Assert.Equal("lease-a", sent.Header("X-Lease-Id"));
        Assert.Null(Remote().Stored("furnace-01"));
    }

    [Fact]
    public async Task ReleaseAsync_HubNoLongerKnowsIt_ForgetsItAndReportsTheProblem()
    {
        await AcquireAsync();
        _stub.OnProblem(Lease, HttpStatusCode.NotFound, "no_lease", "instrument `furnace-01` has no active control lease");

        var error = await Assert.ThrowsAsync<HubProblemException>(() => Remote().ReleaseAsync("furnace-01", null, breakLease: false, CancellationToken.None));

        Assert.Contains("(code: no_lease)", error.Message, StringComparison.Ordinal);
        Assert.Null(Remote().Stored("furnace-01"));
    }

    [Fact]
    public async Task ReleaseAsync_Break_SendsNoHeaderAndAsksToBreak()
    {
        _stub.On(Lease + "?break=true", () => new HttpResponseMessage(HttpStatusCode.NoContent));

        Assert.Null(await Remote().ReleaseAsync("furnace-01", null, breakLease: true, CancellationToken.None));

        var sent = _stub.Sent.Single();
        Assert.Equal("DELETE", sent.Method);
        Assert.Null(sent.Header("X-Lease-Id"));
    }

    [Fact]
    public async Task AcquireAsync_LeaseFileCannotBeWritten_StillReportsTheLeaseWithAWarning()
    {
        var blocked = _home.Write("blocked", "a file where the folder should be");
        _stub.OnJson(Lease, LeaseBody("lease-a"));

        var (lease, _) = await new RemoteControl(_hub, new LeaseFile(Path.Combine(blocked, "leases.json"), _time, _warnings), _warnings)
            .AcquireAsync("furnace-01", null, null, CancellationToken.None);

        Assert.Equal("lease-a", lease.LeaseId);
        Assert.Contains("pass --lease lease-a", _warnings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLeaseAsync_NoLease_IsNull()
    {
        _stub.OnProblem(Lease, HttpStatusCode.NotFound, "no_lease", "instrument `furnace-01` has no active control lease");

        Assert.Null(await _hub.GetLeaseAsync("furnace-01", CancellationToken.None));
    }

    [Fact]
    public void TokenFingerprint_DiffersPerTokenAndHidesIt()
    {
        using var other = new HubClient(new Uri("http://hub.test"), "token-of-kim", _time, new StubHub());

        Assert.Equal(16, _hub.TokenFingerprint.Length);
        Assert.NotEqual(_hub.TokenFingerprint, other.TokenFingerprint);
        Assert.DoesNotContain("sam", _hub.TokenFingerprint, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("token-of-sam")))[..16], _hub.TokenFingerprint);
    }
}
