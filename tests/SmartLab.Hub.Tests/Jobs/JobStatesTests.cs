using SmartLab.Domain.Jobs;
using static SmartLab.Domain.Jobs.JobStates;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>The job state machine: exactly these steps are allowed, and a refused step changes nothing.</summary>
public sealed class JobStatesTests
{
    // The whole table, written out independently of the code under test.
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Submitted] = [Approved, Rejected, Held, Cancelled],
        [Approved] = [AwaitingSample, Queued, Held, Cancelled],
        [AwaitingSample] = [Queued, Held, Cancelled],
        [Queued] = [Dispatched, Held, Cancelled, AwaitingSample],
        [Held] = [Submitted, Approved, AwaitingSample, Queued, Cancelled],
        [Dispatched] = [Running, Succeeded, Failed, Aborted, Queued, Cancelled],
        [Running] = [Succeeded, Failed, Aborted, Queued],
        [Succeeded] = [Delivered],
        [Rejected] = [],
        [Failed] = [],
        [Aborted] = [],
        [Cancelled] = [],
        [Delivered] = [],
    };

    public static TheoryData<string, string, bool> EveryPair()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var from in All)
        {
            foreach (var to in All)
            {
                data.Add(from, to, Allowed[from].Contains(to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void CanMove_EveryPairOfStates_AsTheTableSays(string from, string to, bool allowed) =>
        Assert.Equal(allowed, CanMove(from, to));

    [Fact]
    public void All_ThirteenDistinctStates_UnknownStatesGoNowhere()
    {
        Assert.Equal(13, All.Distinct().Count());
        Assert.Equal(All.Order(), Allowed.Keys.Order());
        Assert.False(CanMove("paused", Queued));
        Assert.False(CanMove(Submitted, "paused"));
        Assert.False(CanMove("Submitted", Approved)); // states are case-sensitive wire values
    }

    [Fact]
    public void Classification_FinalFinishedInFlightHoldable()
    {
        Assert.Equal([Rejected, Failed, Aborted, Cancelled, Delivered], All.Where(IsFinal));
        Assert.Equal([Rejected, Succeeded, Failed, Aborted, Cancelled, Delivered], All.Where(IsFinished));
        Assert.Equal([Dispatched, Running], All.Where(IsInFlight));
        Assert.Equal([Submitted, Approved, AwaitingSample, Queued], All.Where(IsHoldable));

        // Final states lead nowhere; every holdable state can be held and resumed to.
        Assert.All(All.Where(IsFinal), s => Assert.DoesNotContain(All, t => CanMove(s, t)));
        Assert.All(All.Where(IsHoldable), s => Assert.True(CanMove(s, Held) && CanMove(Held, s), s));
    }

    [Fact]
    public void Move_Allowed_RecordsWhoWhenWhyAndAttempt()
    {
        var at = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var job = new JobRecord { Id = "J-000001", Attempt = 2 };
        job.Created("automation:loop-1", "alice", at);

        Assert.True(job.Move(Approved, "hub", "alice", "within policy", at.AddSeconds(1)));

        Assert.Equal(Approved, job.State);
        Assert.Equal(at.AddSeconds(1), job.UpdatedAt);
        Assert.Equal(at, job.CreatedAt);
        Assert.Equal(2, job.History.Count);
        var step = job.History[^1];
        Assert.Equal((Submitted, Approved, "hub", "alice", "within policy", 2),
            (step.From, step.To, step.Actor, step.OnBehalfOf, step.Reason, step.Attempt));
        Assert.Null(job.History[0].From);
        Assert.Equal(Submitted, job.History[0].To);
    }

    [Fact]
    public void Move_Refused_ReturnsFalseAndChangesNothing()
    {
        var at = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var job = new JobRecord { Id = "J-000001" };
        job.Created("user:alice", null, at);

        foreach (var to in new[] { Delivered, Running, Succeeded, Queued, Submitted, "bogus" })
        {
            Assert.False(job.Move(to, "staff:tanaka", null, "should not happen", at.AddHours(1)));
        }

        Assert.Equal(Submitted, job.State);
        Assert.Equal(at, job.UpdatedAt);
        Assert.Single(job.History);

        Assert.True(job.Move(Cancelled, "user:alice", null, null, at.AddMinutes(1)));
        Assert.All(All, to => Assert.False(job.Move(to, "staff:tanaka", null, null, at.AddHours(2))));
        Assert.Equal(Cancelled, job.State);
        Assert.Equal(2, job.History.Count);
        Assert.Equal(at.AddMinutes(1), job.UpdatedAt);
    }

    [Fact]
    public void Clone_ChangingTheCopy_LeavesTheOriginal()
    {
        var at = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var job = new JobRecord { Id = "J-000001", MeasurementIds = ["M-1"] };
        job.Created("user:alice", null, at);

        var copy = job.Clone();
        copy.Move(Approved, "staff:tanaka", null, null, at.AddMinutes(1));
        copy.MeasurementIds.Add("M-2");

        Assert.Equal(Submitted, job.State);
        Assert.Single(job.History);
        Assert.Equal(["M-1"], job.MeasurementIds);
    }
}
