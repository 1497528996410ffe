using SmartLab.Cli.Http;
using SmartLab.Cli.Internal;
using SmartLab.Cli.Output;
using SmartLab.Contracts.Api;
using Spectre.Console;

namespace SmartLab.Cli.Jobs;

/// <summary>
/// Follows a job over its event stream until it succeeds or ends badly. On a terminal a live progress bar runs under
/// the transition lines; otherwise the same information is printed as plain lines. When the stream breaks while the
/// job is still going (hub restart, proxy timeout), it reconnects; the hub's snapshot event makes that seamless.
/// </summary>
internal sealed class JobWatcher(HubClient hub, CliConsole console, TimeProvider time)
{
    /// <summary>Reconnections in a row, without an event in between, before giving up.</summary>
    const int MaxReconnects = 5;

    readonly JobEventText _text = new(time);

    /// <summary>Watches <paramref name="jobId"/>; returns <see cref="ExitCodes.Success"/> for succeeded or delivered, <see cref="ExitCodes.Failed"/> otherwise.</summary>
    public async Task<int> WatchAsync(string jobId, CancellationToken cancellationToken)
    {
        var final = console.Interactive
            ? await WatchLiveAsync(jobId, cancellationToken)
            : await FollowAsync(jobId, ShowPlain, cancellationToken);
        var summary = JobEventText.Summary(final);
        if (console.Interactive)
        {
            console.Ansi.MarkupLine($"[{JobStates.Color(final.State)}]{Markup.Escape(summary)}[/]");
        }
        else
        {
            console.Out.WriteLine(summary);
        }

        return JobStates.IsSuccess(final.State) ? ExitCodes.Success : ExitCodes.Failed;
    }

    void ShowPlain(JobView job, JobView? previous)
    {
        if (previous is null)
        {
            console.Out.WriteLine(JobEventText.Header(job));
        }

        foreach (var transition in _text.Transitions(job, previous))
        {
            console.Out.WriteLine(transition);
        }

        if (!JobStates.IsFinished(job.State) && _text.Progress(job, previous) is { } progress)
        {
            console.Out.WriteLine(progress);
        }
    }

    async Task<JobView> WatchLiveAsync(string jobId, CancellationToken cancellationToken)
    {
        JobView final = null!;
        await console.Ansi.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(jobId), autoStart: true, maxValue: 100);
                bar.IsIndeterminate = true;
                final = await FollowAsync(jobId, (job, previous) =>
                {
                    if (previous is null)
                    {
                        console.Ansi.MarkupLine(Markup.Escape(JobEventText.Header(job)));
                    }

                    foreach (var transition in _text.Transitions(job, previous, "→"))
                    {
                        console.Ansi.MarkupLine($"[{JobStates.Color(job.State)}]{Markup.Escape(transition)}[/]");
                    }

                    var stage = job.Stage is { Length: > 0 } s && !JobStates.IsFinished(job.State) ? $" · {s}" : "";
                    bar.Description = Markup.Escape($"{job.Id} {job.State}{stage}");
                    if (job.Progress is { } progress)
                    {
                        bar.IsIndeterminate = false;
                        bar.Value = Math.Clamp(progress, 0, 1) * 100;
                    }

                    if (JobStates.IsFinished(job.State))
                    {
                        bar.IsIndeterminate = false;
                        if (JobStates.IsSuccess(job.State))
                        {
                            bar.Value = 100;
                        }

                        bar.StopTask();
                    }
                }, cancellationToken);
            });
        return final;
    }

    /// <summary>Reads events, calling <paramref name="show"/> with each job and the one before, until a final state.</summary>
    async Task<JobView> FollowAsync(string jobId, Action<JobView, JobView?> show, CancellationToken cancellationToken)
    {
        JobView? last = null;
        var reconnects = 0;
        while (true)
        {
            try
            {
                await foreach (var jobEvent in hub.WatchJobAsync(jobId, cancellationToken))
                {
                    reconnects = 0;
                    show(jobEvent.Job, last);
                    last = jobEvent.Job;
                    if (JobStates.IsFinished(last.State))
                    {
                        return last;
                    }
                }
            }
            catch (HubUnreachableException) when (last is not null && reconnects < MaxReconnects)
            {
                // The job was being followed: wait and reconnect below. A hub that was never reached fails at once.
            }

            if (++reconnects > MaxReconnects)
            {
                throw new CliException($"the event stream of job `{jobId}` keeps ending before the job finishes (last state: {last?.State ?? "unknown"})", ExitCodes.Unreachable);
            }

            await Task.Delay(TimeSpan.FromSeconds(reconnects), time, cancellationToken);
        }
    }
}
