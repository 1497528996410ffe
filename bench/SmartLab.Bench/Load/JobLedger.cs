using System.Diagnostics;

namespace SmartLab.Bench.Load;

/// <summary>
/// What happened to each job of one jobs phase, by index: when its submit was answered, when it was dispatched (the
/// job started running), and how many have completed. Both peers of the jobs benchmark record into it from any thread;
/// all times are this process's stopwatch, so submit and dispatch are compared on one clock.
/// </summary>
public sealed class JobLedger
{
    static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    readonly long[] _answered;
    readonly long[] _dispatched;
    readonly TaskCompletionSource _allCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _completed;
    long _duplicates;
    long _lastCompletedTicks;

    public JobLedger(int count)
    {
        _answered = new long[count];
        _dispatched = new long[count];
    }

    public int Count => _answered.Length;

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Dispatches of a job that had already been dispatched (a re-sent start): zero in a healthy run.</summary>
    public long DuplicateDispatches => Interlocked.Read(ref _duplicates);

    /// <summary>Completes when every job has completed.</summary>
    public Task AllCompleted => _allCompleted.Task;

    /// <summary>Stopwatch ticks of the last completion (0 until every job has completed).</summary>
    public long LastCompletedTicks => Interlocked.Read(ref _lastCompletedTicks);

    /// <summary>The submit that created job <paramref name="index"/> was answered now.</summary>
    public void Answered(int index) => Answered(index, Stopwatch.GetTimestamp());

    public void Answered(int index, long ticks) => Volatile.Write(ref _answered[index], ticks);

    /// <summary>Job <paramref name="index"/> started now; false if it had started before.</summary>
    public bool Dispatched(int index) => Dispatched(index, Stopwatch.GetTimestamp());

    /// <summary>Job <paramref name="index"/> started at <paramref name="ticks"/>; false if it had started before.</summary>
    public bool Dispatched(int index, long ticks)
    {
        if (Interlocked.CompareExchange(ref _dispatched[index], ticks, 0) == 0)
        {
            return true;
        }

        Interlocked.Increment(ref _duplicates);
        return false;
    }

    /// <summary>A start of a job that had already started arrived (and was not answered again).</summary>
    public void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    public bool WasDispatched(int index) => Volatile.Read(ref _dispatched[index]) != 0;

    /// <summary>One job has completed.</summary>
    public void Complete()
    {
        if (Interlocked.Increment(ref _completed) == Count)
        {
            Interlocked.Exchange(ref _lastCompletedTicks, Stopwatch.GetTimestamp());
            _allCompleted.TrySetResult();
        }
    }

    /// <summary>
    /// Submit-answer to dispatch latency of every job that has both. A job can start before its submitter has read the
    /// answer (the peer commits, then answers and dispatches at once); that counts as zero, and <paramref name="early"/>
    /// says how many did.
    /// </summary>
    public LatencyHistogram DispatchLatency(out long early)
    {
        var histogram = new LatencyHistogram();
        early = 0;
        for (var i = 0; i < Count; i++)
        {
            var answered = Volatile.Read(ref _answered[i]);
            var dispatched = Volatile.Read(ref _dispatched[i]);
            if (answered == 0 || dispatched == 0)
            {
                continue;
            }

            if (dispatched < answered)
            {
                early++;
            }

            // In nanoseconds through a double: LatencyHistogram.RecordTicks multiplies by 10^9 first, which overflows a
            // long beyond about 9 s with a nanosecond stopwatch, and a backlog of queued jobs waits longer than that.
            histogram.Record((long)(Math.Max(0, dispatched - answered) * NanosecondsPerTick));
        }

        return histogram;
    }
}
