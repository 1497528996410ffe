using SmartLab.Domain.Jobs;

namespace SmartLab.Hub.Tests.Jobs;

/// <summary>The queue's order: priority class, then staff's front moves, then fair share between owners, then submission order.</summary>
public sealed class JobQueueTests
{
    long _seq;

    QueuedJob Job(string owner, string priority = JobPriorities.Normal, long? front = null, string kind = "xrd-powder", string? instrument = null)
    {
        var seq = ++_seq;
        return new QueuedJob($"J-{seq:D6}", seq, priority, front, owner, kind, "theta2theta", instrument);
    }

    static bool Any(QueuedJob _) => true;

    static List<QueuedJob> Drain(JobQueue queue, Func<QueuedJob, bool>? fits = null)
    {
        var taken = new List<QueuedJob>();
        while (queue.TakeNext(fits ?? Any) is { } job)
        {
            taken.Add(job);
        }

        return taken;
    }

    [Fact]
    public void TakeNext_PriorityClasses_HighThenNormalThenLow()
    {
        var queue = new JobQueue();
        var low = Job("a", JobPriorities.Low);
        var normal = Job("a");
        var high = Job("a", JobPriorities.High);
        var normal2 = Job("a");
        foreach (var job in new[] { low, normal, high, normal2 })
        {
            queue.Enqueue(job);
        }

        Assert.Equal([high.Id, normal.Id, normal2.Id, low.Id], Drain(queue).Select(j => j.Id));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void TakeNext_OwnerWith500QueuedThenOneFromAnother_OtherTakenWithinTwo()
    {
        var queue = new JobQueue();
        for (var i = 0; i < 500; i++)
        {
            queue.Enqueue(Job("alice"));
        }

        var bobs = Job("bob");
        queue.Enqueue(bobs);

        var firstTwo = new[] { queue.TakeNext(Any)!, queue.TakeNext(Any)! };
        Assert.Contains(bobs.Id, firstTwo.Select(j => j.Id));
        Assert.Equal(499, queue.Count);
    }

    [Fact]
    public void TakeNext_ThreeOwners_TakeTurnsThenSubmissionOrderWithinEach()
    {
        var queue = new JobQueue();
        var a = Enumerable.Range(0, 4).Select(_ => Job("a")).ToList();
        var b = Enumerable.Range(0, 2).Select(_ => Job("b")).ToList();
        var c = Enumerable.Range(0, 1).Select(_ => Job("c")).ToList();
        foreach (var job in a.Concat(b).Concat(c))
        {
            queue.Enqueue(job);
        }

        var order = Drain(queue).Select(j => j.Id).ToList();
        Assert.Equal([a[0].Id, b[0].Id, c[0].Id, a[1].Id, b[1].Id, a[2].Id, a[3].Id], order);
    }

    [Fact]
    public void TakeNext_OwnerServedAloneEarlier_NotMadeToWaitBehindALaterBatch()
    {
        // Bob had the instrument to himself overnight; next morning alice queues 500 jobs, then bob one more.
        var queue = new JobQueue();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(Job("bob"));
            Assert.Equal("bob", queue.TakeNext(Any)!.Owner);
        }

        for (var i = 0; i < 500; i++)
        {
            queue.Enqueue(Job("alice"));
        }

        var bobs = Job("bob");
        queue.Enqueue(bobs);

        var firstTwo = new[] { queue.TakeNext(Any)!, queue.TakeNext(Any)! };
        Assert.Contains(bobs.Id, firstTwo.Select(j => j.Id));
    }

    [Fact]
    public void TakeNext_LeavingAndComingBack_EarnsNoCredit()
    {
        var queue = new JobQueue();
        for (var i = 0; i < 10; i++)
        {
            queue.Enqueue(Job("alice"));
        }

        queue.Enqueue(Job("bob"));
        Assert.Equal(["alice", "bob"], new[] { queue.TakeNext(Any)!.Owner, queue.TakeNext(Any)!.Owner });
        Assert.All(Enumerable.Range(0, 4).Select(_ => queue.TakeNext(Any)!), j => Assert.Equal("alice", j.Owner));

        // Bob was away while alice ran four more; coming back with several jobs, his alternate with hers, with no catching up.
        for (var i = 0; i < 5; i++)
        {
            queue.Enqueue(Job("bob"));
        }

        var owners = Enumerable.Range(0, 6).Select(_ => queue.TakeNext(Any)!.Owner).ToList();
        Assert.Equal(3, owners.Count(o => o == "bob"));
        Assert.Equal(3, owners.Count(o => o == "alice"));
    }

    [Fact]
    public void TakeNext_FrontRank_FirstInItsClassOnlyAndLowestRankFirst()
    {
        var queue = new JobQueue();
        var high = Job("a", JobPriorities.High);
        var normal = Job("a");
        var frontLater = Job("b", front: -100);
        var frontEarlier = Job("c", front: -200);
        var low = Job("d", JobPriorities.Low, front: -300);
        foreach (var job in new[] { normal, frontLater, high, low, frontEarlier })
        {
            queue.Enqueue(job);
        }

        Assert.Equal([high.Id, frontEarlier.Id, frontLater.Id, normal.Id, low.Id], Drain(queue).Select(j => j.Id));
    }

    [Fact]
    public void Enqueue_SameIdAgain_ReplacesItsPlace()
    {
        var queue = new JobQueue();
        var first = Job("a");
        var second = Job("b");
        queue.Enqueue(first);
        queue.Enqueue(second);

        queue.Enqueue(second with { Priority = JobPriorities.High });

        Assert.Equal(2, queue.Count);
        Assert.Equal([second.Id, first.Id], Drain(queue).Select(j => j.Id));
    }

    [Fact]
    public void Remove_TakesTheJobOutForGood()
    {
        var queue = new JobQueue();
        var keep = Job("a");
        var drop = Job("a");
        var front = Job("b", front: -1);
        foreach (var job in new[] { keep, drop, front })
        {
            queue.Enqueue(job);
        }

        Assert.True(queue.Remove(drop.Id));
        Assert.True(queue.Remove(front.Id));
        Assert.False(queue.Remove(drop.Id));
        Assert.False(queue.Remove("J-999999"));
        Assert.False(queue.Contains(drop.Id));
        Assert.Equal(1, queue.Count);
        Assert.Equal([keep.Id], Drain(queue).Select(j => j.Id));
    }

    [Fact]
    public void TakeNext_NothingFits_NullAndNothingRemoved()
    {
        var queue = new JobQueue();
        var jobs = new[] { Job("a"), Job("b", JobPriorities.High), Job("c", front: -5) };
        foreach (var job in jobs)
        {
            queue.Enqueue(job);
        }

        Assert.Null(queue.TakeNext(j => j.InstrumentKind == "sem"));
        Assert.Equal(3, queue.Count);
        Assert.All(jobs, j => Assert.True(queue.Contains(j.Id)));

        // A refusal charged nobody: order afterwards is as if it never happened.
        Assert.Equal([jobs[1].Id, jobs[2].Id, jobs[0].Id], Drain(queue).Select(j => j.Id));
    }

    [Fact]
    public void TakeNext_Predicate_SkipsJobsThatDoNotFitButKeepsThem()
    {
        var queue = new JobQueue();
        var furnace = Job("a", JobPriorities.High, kind: "tube-furnace");
        var pinned = Job("a", instrument: "xrd-02");
        var free = Job("b");
        foreach (var job in new[] { furnace, pinned, free })
        {
            queue.Enqueue(job);
        }

        var taken = queue.TakeNext(j => j.InstrumentKind == "xrd-powder" && (j.Instrument is null || j.Instrument == "xrd-01"));

        Assert.Equal(free.Id, taken!.Id);
        Assert.Equal(2, queue.Count);
        Assert.True(queue.Contains(furnace.Id));
        Assert.True(queue.Contains(pinned.Id));
    }
}
