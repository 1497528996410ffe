using System.Net;
using System.Security.Claims;
using SmartLab.Domain.Measurements;
using SmartLab.Hub.Api;
using SmartLab.Hub.Tests.Infrastructure;
using static SmartLab.Hub.Tests.Jobs.JobKit;

namespace SmartLab.Hub.Tests.Measurements;

/// <summary>Embargoed jobs: the date is checked on submission, travels to the measurements, and keeps them to owner and staff.</summary>
public sealed class EmbargoTests
{
    [Fact]
    public async Task Submit_EmbargoPastTooFarOrUnreadable_422NothingCreated()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.RegisterAsync("xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));

        foreach (var (value, code) in new[]
        {
            ("2020-01-01T00:00:00Z", "embargo_in_past"),
            (DateTimeOffset.UtcNow.AddYears(11).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "embargo_too_far"),
            ("next spring", "invalid_embargo"),
            ("2030-01-01", "invalid_embargo"),
        })
        {
            var answer = await PostAsync(alice, "/api/v1/jobs", new
            {
                instrument = "xrd-01", method = "theta2theta", parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
                embargoUntil = value,
            });
            AssertProblem(answer, HttpStatusCode.UnprocessableEntity, code, "embargoUntil");
        }

        Assert.Empty((await GetAsync(alice, "/api/v1/jobs")).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task EmbargoedJob_Delivered_OnlyOwnerAndStaffSeeItsMeasurementsAnywhere()
    {
        await using var hub = await TestHub.StartAsync();
        await using var xrd = await StartSimulatorAsync(hub, "xrd-01");
        using var alice = hub.Client(await hub.CreateAccountAsync("alice", "user"));
        using var bob = hub.Client(await hub.CreateAccountAsync("bob", "user"));
        using var staff = hub.Client(await hub.CreateAccountAsync("tanaka", "staff"));
        using var loop = hub.Client(await CreateAccountAsync(hub, "alice-loop", "automation", onBehalfOf: "alice"));
        var until = DateTimeOffset.UtcNow.AddYears(1);

        var (_, sample) = await PostAsync(alice, "/api/v1/samples", new { name = "film A", sharedWith = new[] { "bob" } });
        var sampleId = (string)sample!["id"]!;
        var (status, job) = await PostAsync(alice, "/api/v1/jobs", new
        {
            instrument = "xrd-01", method = "theta2theta", parameters = new { start = 20, stop = 40, step = 0.05, dwell = 0.2 },
            sampleId, embargoUntil = until.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var jobId = (string)job!["id"]!;
        Assert.Equal(until.ToUnixTimeMilliseconds(), DateTimeOffset.Parse((string)job["embargoUntil"]!).ToUnixTimeMilliseconds());
        await ApproveAsync(staff, jobId);
        await PostAsync(staff, $"/api/v1/samples/{sampleId}/receive");
        job = await WaitForStateAsync(staff, jobId, "succeeded");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(staff, $"/api/v1/jobs/{jobId}/deliver")).Status);
        var measurementId = (string)job["measurementIds"]![0]!;

        var (ownerStatus, measurement) = await GetAsync(alice, $"/api/v1/measurements/{measurementId}");
        Assert.Equal(HttpStatusCode.OK, ownerStatus);
        Assert.Equal(until.ToUnixTimeMilliseconds(), DateTimeOffset.Parse((string)measurement!["embargoUntil"]!).ToUnixTimeMilliseconds());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(staff, $"/api/v1/measurements/{measurementId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(loop, $"/api/v1/measurements/{measurementId}")).Status); // acts for alice

        // Bob shares the sample, yet sees none of the data: every path answers as if it did not exist.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bob, $"/api/v1/samples/{sampleId}")).Status);
        Assert.Empty((await GetAsync(bob, $"/api/v1/samples/{sampleId}")).Body!["measurementIds"]!.AsArray());
        Assert.Single((await GetAsync(alice, $"/api/v1/samples/{sampleId}")).Body!["measurementIds"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/measurements/{measurementId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/measurements/{measurementId}/export?format=json")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(bob, $"/api/v1/measurements/{measurementId}/files/any")).Status);
        foreach (var query in new[] { "", $"?jobId={jobId}", $"?sampleId={sampleId}", "?instrumentId=xrd-01", "?where=parameters.step=0.05" })
        {
            Assert.Empty((await GetAsync(bob, "/api/v1/measurements" + query)).Body!["items"]!.AsArray());
            Assert.Single((await GetAsync(alice, "/api/v1/measurements" + query)).Body!["items"]!.AsArray());
        }
    }

    [Fact]
    public void CanSee_BeforeAndAfterEmbargo_OwnerAndStaffOnly()
    {
        var until = new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var record = new MeasurementRecord { Id = "M-1", Owner = "alice", EmbargoUntil = until };
        static ClaimsPrincipal As(string id, string role) => new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], "test"));

        foreach (var now in new[] { until.AddDays(-1), until.AddTicks(-1), until, until.AddYears(1) })
        {
            Assert.True(MeasurementAccess.CanSee(record, As("alice", "user"), now));
            Assert.True(MeasurementAccess.CanSee(record, As("tanaka", "staff"), now));
            Assert.True(MeasurementAccess.CanSee(record, As("root", "admin"), now));
            Assert.False(MeasurementAccess.CanSee(record, As("bob", "user"), now));
        }

        Assert.True(record.IsEmbargoedAt(until.AddTicks(-1)));
        Assert.False(record.IsEmbargoedAt(until));
    }
}
