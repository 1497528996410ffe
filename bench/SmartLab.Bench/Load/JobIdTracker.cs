namespace SmartLab.Bench.Load;

/// <summary>
/// Joins the hub's job ids to the phase's job indexes. The id of a job is known only from the answer to its submit,
/// and the hub may send the job's <c>start</c> to an instrument before the submitter has read that answer (it commits,
/// then answers and dispatches at once); such a start is kept until the answer names its job.
/// </summary>
public sealed class JobIdTracker(JobLedger ledger)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, int> _indexById = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _startedEarly = new(StringComparer.Ordinal);
    readonly HashSet<(string, int)> _started = [];

    public JobLedger Ledger => ledger;

    /// <summary>The submit answer named job <paramref name="index"/> <paramref name="id"/> at <paramref name="ticks"/>.</summary>
    public void Answered(int index, string id, long ticks)
    {
        lock (_gate)
        {
            _indexById[id] = index;
            ledger.Answered(index, ticks);
            if (_startedEarly.Remove(id, out var started))
            {
                ledger.Dispatched(index, started);
            }
        }
    }

    /// <summary>
    /// An instrument received the start of attempt <paramref name="attempt"/> of job <paramref name="id"/> at
    /// <paramref name="ticks"/>. False for an attempt that had started before (a re-sent start, which an agent answers
    /// only once); the ledger counts it, and a later attempt of a started job, as a duplicate dispatch.
    /// </summary>
    public bool Started(string id, int attempt, long ticks)
    {
        lock (_gate)
        {
            if (!_started.Add((id, attempt)))
            {
                ledger.CountDuplicate();
                return false;
            }

            if (_indexById.TryGetValue(id, out var index))
            {
                ledger.Dispatched(index, ticks);
            }
            else if (!_startedEarly.TryAdd(id, ticks))
            {
                ledger.CountDuplicate();
            }

            return true;
        }
    }

    /// <summary>Starts of jobs no submit answer named (a job this phase did not submit): zero in a healthy run.</summary>
    public int UnknownStarts
    {
        get
        {
            lock (_gate)
            {
                return _startedEarly.Count;
            }
        }
    }

    /// <summary>Every job id the phase's submits were answered with, in submit order.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (_gate)
            {
                return [.. _indexById.OrderBy(p => p.Value).Select(p => p.Key)];
            }
        }
    }
}
