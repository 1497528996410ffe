using System.Globalization;
using SmartLab.Contracts.Api;
using SmartLab.Loop.Optimization;
using SmartLab.Loop.Runner.Internal;

namespace SmartLab.Loop.Runner;

public sealed partial class LoopRunner
{
    /// <summary>Numbers tried past one whose sample an earlier, interrupted run created for another point.</summary>
    const int MaxSkippedNumbers = 100;

    /// <summary>
    /// Creates the experiment's sample and registers the experiment. The sample's description carries the point, so a
    /// restarted runner can recover it even before the job that uses it was submitted.
    /// </summary>
    async Task<ExperimentRun> StartExperimentAsync(int number, Point point, CancellationToken cancellationToken)
    {
        for (var skipped = 0; ; skipped++, number++)
        {
            SampleView sample;
            try
            {
                sample = await _hub.CreateSampleAsync(SampleRequest(number, point), LoopNotes.SampleKeyFor(_loop.Name, number), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (LoopHubException e) when (e.Code == "idempotency_key_reused" && skipped < MaxSkippedNumbers)
            {
                // An earlier run created this number's sample for another point and stopped before submitting its first
                // job: that number is spent. (The same point would have returned the same sample.)
                continue;
            }

            var run = new ExperimentRun(number, point) { SampleId = sample.Id, Step = _loop.Steps[0].Name };
            lock (_gate)
            {
                _active[number] = run;
                ReportLocked($"experiment {number} started: {Show(point)} on sample {sample.Id}");
            }

            return run;
        }
    }

    CreateSampleRequest SampleRequest(int number, Point point)
    {
        var n = number.ToString(CultureInfo.InvariantCulture);
        var lead = _loop.Sample.Description is { Length: > 0 } d ? d.TrimEnd('.') + ". " : "";
        return new CreateSampleRequest
        {
            Name = $"{_loop.Sample.NamePrefix} #{n}",
            Composition = _loop.Sample.Composition,
            Hazards = _loop.Sample.Hazards.Count > 0 ? _loop.Sample.Hazards : null,
            Description = $"{lead}{SampleConditions.Describe(_loop.Name, number, point)}",
        };
    }

    /// <summary>Runs (or resumes) an experiment's steps in order and reads its value.</summary>
    async Task<ExperimentResult> RunExperimentAsync(ExperimentRun run, CancellationToken cancellationToken)
    {
        var objectiveJob = default(JobView);
        foreach (var step in _loop.Steps)
        {
            var notes = new LoopNotes(_loop.Name, run.Number, step.Name);
            JobView? existing;
            lock (_gate)
            {
                run.Step = step.Name;
                existing = run.Jobs.GetValueOrDefault(step.Name);
            }

            // A job rebuilt from the hub is followed, never submitted again; the key makes a lost answer harmless.
            var job = existing;
            if (job is null)
            {
                job = await _hub.SubmitJobAsync(step.ToRequest(run.Point, run.SampleId, notes.ToString()), notes.JobKey, cancellationToken)
                    .ConfigureAwait(false);
                Update(run, step.Name, job, $"experiment {run.Number}: {step.Name} submitted as {job.Id} ({Describe(job)})");
            }

            if (!JobStateNames.IsFinal(job.State))
            {
                job = await _hub.FollowJobAsync(job.Id, view => Update(run, step.Name, view, null), cancellationToken).ConfigureAwait(false);
            }

            if (job.State != JobStateNames.Delivered)
            {
                return Failed(run, step.Name, job);
            }

            if (step.Name == _loop.Objective.Step)
            {
                objectiveJob = job;
            }
        }

        var value = await ReadObjectiveAsync(objectiveJob!, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return value is { } v
                ? run.Succeeded(v)
                : run.Failed($"{_loop.Objective.Step} job {objectiveJob!.Id} was delivered without a measurement to read `{_loop.Objective.Output}` from");
        }
    }

    /// <summary>Records the job's latest view; reports a line when its state changed.</summary>
    void Update(ExperimentRun run, string step, JobView job, string? line)
    {
        lock (_gate)
        {
            var previous = run.Jobs.GetValueOrDefault(step);
            run.Jobs[step] = job;
            if (line is null && previous is not null && previous.State != job.State && Worth(job))
            {
                line = $"experiment {run.Number}: {step} {job.Id} {Describe(job)}";
            }

            if (_active.ContainsKey(run.Number))
            {
                ReportLocked(line);
            }
        }
    }

    /// <summary>
    /// Transitions worth a line: not the passing ones (dispatched before running; succeeded just before the hub delivers
    /// an automation job's results). A job that stays in one of them still shows in <see cref="LoopProgress.Waiting"/>.
    /// </summary>
    static bool Worth(JobView job) => job.State is not ("dispatched" or JobStateNames.Succeeded);

    /// <summary>A job's state as a person reads it: what it waits for, with the hub's reason.</summary>
    static string Describe(JobView job)
    {
        var last = job.History is { Count: > 0 } history ? history[^1] : null;
        return job.State switch
        {
            JobStateNames.Submitted => "waiting for staff approval" + (last?.Reason is { } why ? $": {why}" : ""),
            JobStateNames.AwaitingSample => $"waiting for staff to receive sample {job.SampleId}",
            JobStateNames.Held => "held by staff" + (last?.Reason is { } held ? $": {held}" : ""),
            JobStateNames.Succeeded => "succeeded, waiting for staff to release the data",
            "approved" => $"approved by {last?.Actor ?? "staff"}" + (last?.Reason is { } note ? $": {note}" : ""),
            "running" => $"running on {job.Instrument}",
            JobStateNames.Delivered or "queued" => job.State,
            var other => other + (job.Error is { } error ? $": {error.Code}: {error.Message}" : last?.Reason is { } reason ? $": {reason}" : ""),
        };
    }

    ExperimentResult Failed(ExperimentRun run, string step, JobView job)
    {
        var why = job.Error is { } error ? $"{error.Code}: {error.Message}" : job.History is { Count: > 0 } h ? h[^1].Reason : null;
        lock (_gate)
        {
            return run.Failed($"{step} job {job.Id} {job.State}" + (why is null ? "" : $" ({why})"));
        }
    }

    /// <summary>
    /// The objective from the measurement of the objective step's job (the job's own list names the one of its final
    /// attempt); null when the job has no measurement.
    /// </summary>
    async Task<double?> ReadObjectiveAsync(JobView job, CancellationToken cancellationToken)
    {
        var listed = await _hub.ListMeasurementsAsync(job.Id, cancellationToken).ConfigureAwait(false);
        var id = job.MeasurementIds.LastOrDefault(m => listed.Any(l => l.Id == m))
            ?? listed.OrderBy(m => m.ReceivedAt).LastOrDefault()?.Id
            ?? job.MeasurementIds.LastOrDefault();
        if (id is null)
        {
            return null;
        }

        var measurement = await _hub.GetMeasurementAsync(id, cancellationToken).ConfigureAwait(false);
        var value = ObjectiveValue.Read(measurement.Document, _loop.Objective, id);
        lock (_gate)
        {
            _objectiveUnit ??= ObjectiveValue.Unit(measurement.Document, _loop.Objective);
        }

        return value;
    }
}
