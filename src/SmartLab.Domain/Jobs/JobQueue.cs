namespace SmartLab.Domain.Jobs;

/// <summary>
/// The queue of jobs waiting for an instrument. Order: priority class first (high, normal, low); within a class, jobs
/// staff moved to the front, then fair share between owners (stride scheduling: each dispatch charges its owner one
/// step, and the owner with the fewest steps goes next, so one user's 500-job batch takes turns with another user's single
/// job), then submission order within an owner. Not thread-safe: the scheduler owns it.
/// </summary>
public sealed class JobQueue
{
    static readonly IComparer<QueuedJob> BySeq = Comparer<QueuedJob>.Create((a, b) => a.Seq.CompareTo(b.Seq));
    static readonly IComparer<QueuedJob> ByFront = Comparer<QueuedJob>.Create((a, b) =>
        a.FrontRank!.Value != b.FrontRank!.Value ? a.FrontRank.Value.CompareTo(b.FrontRank.Value) : a.Seq.CompareTo(b.Seq));

    readonly Dictionary<string, QueuedJob> _byId = new(StringComparer.Ordinal);
    readonly SortedDictionary<int, PriorityClass> _classes = new(Comparer<int>.Create((a, b) => b.CompareTo(a)));

    // Steps each owner has been charged; kept after their queue empties so leaving and coming back earns no credit.
    readonly Dictionary<string, long> _pass = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public bool Contains(string id) => _byId.ContainsKey(id);

    public IEnumerable<QueuedJob> Jobs => _byId.Values;

    public void Enqueue(QueuedJob job)
    {
        Remove(job.Id);
        _byId[job.Id] = job;
        var cls = ClassOf(JobPriorities.Rank(job.Priority));
        if (job.FrontRank is not null)
        {
            cls.Front.Add(job);
            return;
        }

        if (!cls.ByOwner.TryGetValue(job.Owner, out var jobs))
        {
            // An owner with nothing waiting who (re)appears starts level with the least-served owner waiting now: turns
            // used while nobody else waited count for nothing, and time away earns no credit.
            var others = ActiveOwners().ToList();
            if (!others.Contains(job.Owner) && others.Count > 0)
            {
                _pass[job.Owner] = others.Min(PassOf);
            }

            jobs = new SortedSet<QueuedJob>(BySeq);
            cls.ByOwner[job.Owner] = jobs;
        }

        jobs.Add(job);
    }

    public bool Remove(string id)
    {
        if (!_byId.Remove(id, out var job))
        {
            return false;
        }

        var cls = ClassOf(JobPriorities.Rank(job.Priority));
        if (job.FrontRank is not null)
        {
            cls.Front.Remove(job);
        }
        else if (cls.ByOwner.TryGetValue(job.Owner, out var jobs))
        {
            jobs.Remove(job);
            if (jobs.Count == 0)
            {
                cls.ByOwner.Remove(job.Owner);
            }
        }

        return true;
    }

    /// <summary>Removes and returns the next job that <paramref name="fits"/> (an instrument that is free), or null.</summary>
    public QueuedJob? TakeNext(Func<QueuedJob, bool> fits)
    {
        foreach (var cls in _classes.Values)
        {
            var chosen = cls.Front.FirstOrDefault(fits);
            if (chosen is null)
            {
                foreach (var owner in cls.ByOwner.OrderBy(o => PassOf(o.Key)).ThenBy(o => o.Value.Min!.Seq))
                {
                    chosen = owner.Value.FirstOrDefault(fits);
                    if (chosen is not null)
                    {
                        break;
                    }
                }
            }

            if (chosen is not null)
            {
                Remove(chosen.Id);
                _pass[chosen.Owner] = PassOf(chosen.Owner) + 1;
                return chosen;
            }
        }

        return null;
    }

    long PassOf(string owner) => _pass.GetValueOrDefault(owner);

    IEnumerable<string> ActiveOwners() => _classes.Values.SelectMany(c => c.ByOwner.Keys).Distinct();

    PriorityClass ClassOf(int rank)
    {
        if (!_classes.TryGetValue(rank, out var cls))
        {
            cls = new PriorityClass();
            _classes[rank] = cls;
        }

        return cls;
    }

    sealed class PriorityClass
    {
        public SortedSet<QueuedJob> Front { get; } = new(ByFront);
        public Dictionary<string, SortedSet<QueuedJob>> ByOwner { get; } = new(StringComparer.Ordinal);
    }
}
