using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;

namespace SmartLab.Cli.Jobs;

/// <summary>The words <c>jobs watch</c> prints for events, the same on a terminal and in a log file; one instance per watched job.</summary>
internal sealed class JobEventText(TimeProvider time)
{
    /// <summary>History entries already printed (or known from the first event).</summary>
    int _historySeen;

    /// <summary>What the job is, printed once when watching starts.</summary>
    public static string Header(JobView job)
    {
        var where = job.Instrument ?? job.PinnedInstrument ?? (job.InstrumentKind is { } kind ? $"any {kind}" : "?");
        var sample = job.SampleId is { } s ? $", sample {s}" : "";
        return $"{job.Id}: {job.Method} on {where}{sample}, state {job.State}";
    }

    /// <summary>
    /// The state changes since the last event, one line each (<c>10:04:12  queued -> dispatched (by hub: "attempt 1 on
    /// xrd-01")</c>). Transition events carry the job's history, so changes that happened in quick succession, or while
    /// the stream was reconnecting, are all shown; without history the state is compared with the previous event's.
    /// </summary>
    public IReadOnlyList<string> Transitions(JobView job, JobView? previous, string arrow = "->")
    {
        if (job.History is { } history)
        {
            // The first event is the starting point: its history is the past, not news.
            var seen = previous is null || _historySeen > history.Count ? history.Count : _historySeen;
            _historySeen = history.Count;
            return history.Skip(seen).Select(step => $"{Formats.Clock(step.At, time)}  {step.From ?? "new"} {arrow} {step.To}{Cause(step)}").ToList();
        }

        if (previous is null || previous.State == job.State)
        {
            return [];
        }

        _historySeen++;
        return [$"{Formats.Clock(job.UpdatedAt, time)}  {previous.State} {arrow} {job.State}"];
    }

    /// <summary>
    /// A progress line for plain output, only when the job crossed another tenth or changed stage, so a log gets about
    /// ten lines per run rather than one per update.
    /// </summary>
    public string? Progress(JobView job, JobView? previous)
    {
        if (job.Progress is not { } progress)
        {
            return null;
        }

        var tenth = (int)Math.Floor(Math.Clamp(progress, 0, 1) * 10);
        var previousTenth = previous?.Progress is { } p && previous.State == job.State ? (int)Math.Floor(Math.Clamp(p, 0, 1) * 10) : -1;
        if (tenth <= previousTenth && job.Stage == previous?.Stage)
        {
            return null;
        }

        // Progress does not move the job's updatedAt, so the line carries the time it arrived.
        var stage = job.Stage is { Length: > 0 } s ? $" ({s})" : "";
        return $"{Formats.Clock(time.GetUtcNow(), time)}  {job.State} {Formats.Percent(progress)}{stage}";
    }

    /// <summary>The last line: what came of the job and what to do next.</summary>
    public static string Summary(JobView job)
    {
        if (JobStates.IsSuccess(job.State))
        {
            var count = job.MeasurementIds.Count;
            return count == 0
                ? $"{job.Id} {job.State}"
                : $"{job.Id} {job.State} with {count} measurement{(count == 1 ? "" : "s")}; fetch with: smartlab jobs download {job.Id}";
        }

        var why = job.Error is { } error ? $": {error.Message} ({error.Code})" : Cause(job);
        return $"{job.Id} {job.State}{why}";
    }

    /// <summary>Who made the last transition and why, when the job carries its history.</summary>
    static string Cause(JobView job) =>
        job.History is { Count: > 0 } history && history[^1].To == job.State ? Cause(history[^1]) : "";

    static string Cause(JobTransitionView step) =>
        $" (by {step.Actor}{(step.Reason is { Length: > 0 } reason ? $": \"{reason}\"" : "")})";
}
